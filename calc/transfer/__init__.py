"""Moving data into AWS: network days against the one-week rule, and Snow Family devices.
Entry point: :mod:`calc.transfer.api`."""
