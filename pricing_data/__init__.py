"""The bundled, dated AWS price snapshot (data only; see manifest.json).

Regenerate with ``python -m tools.build_snapshot ../shared/aws-prices pricing_data/``.
"""
