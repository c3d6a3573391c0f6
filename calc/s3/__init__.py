"""Amazon S3: cost per storage class, the cheapest class for an access pattern, lifecycle
simulation over time, and request-rate sizing (prefixes, KMS quota, multipart).

Class ids: standard, intelligent_tiering, standard_ia, onezone_ia, glacier_ir,
glacier_flexible, deep_archive, express_onezone (rule S3-CLASSES). Entry points:
:mod:`calc.s3.api`.
"""
