"""Deployment to AWS: `make package` (the Lambda package and the CloudFormation template) and
`make deploy` (stack, site upload, cache invalidation). Nothing here runs in Lambda."""
