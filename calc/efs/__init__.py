"""Amazon EFS: storage by class mix and throughput (bursting, provisioned, elastic), with FSx
for Lustre scratch burst beside it. Entry point: :mod:`calc.efs.api`."""
