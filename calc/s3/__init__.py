"""Amazon S3: cost per storage class, the cheapest class for an access pattern, lifecycle
simulation over time, and request-rate sizing (prefixes, KMS quota, multipart).

Class ids: standard, intelligent_tiering, standard_ia, onezone_ia, glacier_ir,
glacier_flexible, deep_archive, express_onezone (rule S3-CLASSES).
"""

from __future__ import annotations

from calc.s3.classes import CLASS_IDS, LABELS, SNAPSHOT_CLASS, ClassInfo, class_info, class_table
from calc.s3.cost import S3CostInput, S3CostResult, s3_cost

__all__ = [
    "CLASS_IDS", "LABELS", "SNAPSHOT_CLASS", "ClassInfo", "S3CostInput", "S3CostResult",
    "class_info", "class_table", "s3_cost",
]
