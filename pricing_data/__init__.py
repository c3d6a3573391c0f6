"""The bundled, dated AWS price snapshot (data only; see manifest.json).

Regenerate with ``python -m calc.pricing.build ../shared/aws-prices pricing_data/``.
"""
