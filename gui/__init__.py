"""Costsizer's Qt desktop app. Thin: presenters call :mod:`calc`, widgets only draw."""
