"""The plan checks, one function per plan section, registered with
:func:`calc.checks.registry.section_check`. Importing this package registers them all.

- :mod:`~calc.checks.sections.ec2`: placement_group, hibernation, networking, monitoring,
  spot_fleet
- :mod:`~calc.checks.sections.ebs`: multi_attach, ebs_resize
- :mod:`~calc.checks.sections.lambda_`: lambda_async
- :mod:`~calc.checks.sections.s3`: presigned_url, s3
- :mod:`~calc.checks.sections.databases`: rds, aurora
- :mod:`~calc.checks.sections.scaling`: elb, asg
- :mod:`~calc.checks.sections.operations`: cloudwatch, ssm
"""

from calc.checks.sections import databases, ebs, ec2, lambda_, operations, s3, scaling

__all__ = ["databases", "ebs", "ec2", "lambda_", "operations", "s3", "scaling"]
