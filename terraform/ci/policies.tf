# What a run (terraform apply/destroy, the verifiers, the leak check) and the
# sweeper may do, action by action. Names are scoped to <name_prefix>-*; where
# the service evaluates tag conditions, creating needs the E2ERunId tag in the
# request and changing or deleting needs it on the resource, so the role
# cannot touch anything the framework did not create. Actions that AWS does
# not scope to a resource (List*, Describe*, reads of metrics and traces,
# tag:GetResources) use Resource "*".
locals {
  prefix = var.name_prefix
  arn    = "arn:${local.partition}"
  region = "${var.region}:${local.account_id}"

  tagged_request  = { Null = { "aws:RequestTag/E2ERunId" = "false" } }
  tagged_resource = { Null = { "aws:ResourceTag/E2ERunId" = "false" } }

  lambda_functions = ["${local.arn}:lambda:${local.region}:function:${local.prefix}-*", "${local.arn}:lambda:${local.region}:function:${local.prefix}-*:*"]
  lambda_layers    = ["${local.arn}:lambda:${local.region}:layer:${local.prefix}-*", "${local.arn}:lambda:${local.region}:layer:${local.prefix}-*:*"]
  iam_roles        = "${local.arn}:iam::${local.account_id}:role/${local.prefix}-*"
  iam_policies     = "${local.arn}:iam::${local.account_id}:policy/${local.prefix}-*"
  log_groups       = ["${local.arn}:logs:${local.region}:log-group:/aws/lambda/${local.prefix}-*", "${local.arn}:logs:${local.region}:log-group:/aws/lambda/${local.prefix}-*:*"]
  buckets          = ["${local.arn}:s3:::${local.prefix}-*", "${local.arn}:s3:::${local.prefix}-*/*"]

  policies = {
    lambda = [
      { Sid = "CreateTaggedFunctions", Effect = "Allow", Resource = local.lambda_functions, Condition = local.tagged_request,
      Action = ["lambda:CreateFunction"] },
      { Sid = "ChangeTaggedFunctions", Effect = "Allow", Resource = local.lambda_functions, Condition = local.tagged_resource,
        Action = ["lambda:DeleteFunction", "lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration", "lambda:InvokeFunction",
          "lambda:PublishVersion", "lambda:TagResource", "lambda:UntagResource", "lambda:PutFunctionConcurrency", "lambda:DeleteFunctionConcurrency",
          "lambda:AddPermission", "lambda:RemovePermission", "lambda:CreateFunctionUrlConfig", "lambda:UpdateFunctionUrlConfig",
          "lambda:DeleteFunctionUrlConfig", "lambda:PutFunctionEventInvokeConfig", "lambda:DeleteFunctionEventInvokeConfig",
      "lambda:CreateAlias", "lambda:UpdateAlias", "lambda:DeleteAlias"] },
      { Sid = "ReadFunctions", Effect = "Allow", Resource = local.lambda_functions,
        Action = ["lambda:GetFunction", "lambda:GetFunctionConfiguration", "lambda:GetFunctionCodeSigningConfig", "lambda:ListVersionsByFunction",
          "lambda:ListTags", "lambda:GetFunctionConcurrency", "lambda:GetPolicy", "lambda:GetFunctionUrlConfig", "lambda:GetFunctionEventInvokeConfig",
      "lambda:GetAlias", "lambda:ListAliases", "lambda:GetFunctionRecursionConfig", "lambda:GetRuntimeManagementConfig"] },
      # Layer versions carry no tags: scoped by name only.
      { Sid = "Layers", Effect = "Allow", Resource = local.lambda_layers,
      Action = ["lambda:PublishLayerVersion", "lambda:GetLayerVersion", "lambda:DeleteLayerVersion", "lambda:ListLayerVersions"] },
      { Sid       = "EventSourceMappingsOfOurFunctions", Effect = "Allow", Resource = "*",
        Condition = { ArnLike = { "lambda:FunctionArn" = local.lambda_functions } },
      Action = ["lambda:CreateEventSourceMapping", "lambda:UpdateEventSourceMapping", "lambda:DeleteEventSourceMapping"] },
      { Sid = "ListLambda", Effect = "Allow", Resource = "*",
      Action = ["lambda:ListFunctions", "lambda:ListLayers", "lambda:ListEventSourceMappings", "lambda:GetEventSourceMapping"] },
      { Sid = "PassFunctionRolesToLambdaOnly", Effect = "Allow", Resource = local.iam_roles, Action = ["iam:PassRole"],
      Condition = { StringEquals = { "iam:PassedToService" = "lambda.amazonaws.com" } } },
    ]

    iam-logs = [
      { Sid = "CreateTaggedRoles", Effect = "Allow", Resource = local.iam_roles, Condition = local.tagged_request,
      Action = ["iam:CreateRole"] },
      { Sid = "ChangeTaggedRoles", Effect = "Allow", Resource = local.iam_roles, Condition = local.tagged_resource,
        Action = ["iam:DeleteRole", "iam:TagRole", "iam:UntagRole", "iam:UpdateRole", "iam:UpdateAssumeRolePolicy", "iam:PutRolePolicy",
      "iam:DeleteRolePolicy", "iam:AttachRolePolicy", "iam:DetachRolePolicy", "iam:RemoveRoleFromInstanceProfile"] },
      { Sid = "ReadRoles", Effect = "Allow", Resource = local.iam_roles,
        Action = ["iam:GetRole", "iam:GetRolePolicy", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies", "iam:ListRoleTags",
      "iam:ListInstanceProfilesForRole"] },
      { Sid = "ManagedPoliciesOfFeatures", Effect = "Allow", Resource = local.iam_policies,
        Action = ["iam:CreatePolicy", "iam:DeletePolicy", "iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListPolicyVersions", "iam:CreatePolicyVersion",
      "iam:DeletePolicyVersion", "iam:ListPolicyTags", "iam:TagPolicy", "iam:UntagPolicy", "iam:ListEntitiesForPolicy"] },
      { Sid = "ListIam", Effect = "Allow", Resource = "*", Action = ["iam:ListRoles", "iam:ListPolicies"] },
      { Sid = "CreateTaggedLogGroups", Effect = "Allow", Resource = local.log_groups, Condition = local.tagged_request,
      Action = ["logs:CreateLogGroup"] },
      { Sid = "ChangeTaggedLogGroups", Effect = "Allow", Resource = local.log_groups, Condition = local.tagged_resource,
      Action = ["logs:DeleteLogGroup", "logs:PutRetentionPolicy", "logs:DeleteRetentionPolicy", "logs:TagResource", "logs:UntagResource", "logs:TagLogGroup", "logs:UntagLogGroup"] },
      { Sid = "ReadLogGroups", Effect = "Allow", Resource = local.log_groups,
      Action = ["logs:ListTagsForResource", "logs:ListTagsLogGroup", "logs:FilterLogEvents", "logs:GetLogEvents", "logs:DescribeLogStreams"] },
      { Sid = "ObservabilityReads", Effect = "Allow", Resource = "*",
        Action = ["logs:DescribeLogGroups", "cloudwatch:GetMetricData", "cloudwatch:GetMetricStatistics", "cloudwatch:ListMetrics",
      "xray:GetTraceSummaries", "xray:BatchGetTraces", "tag:GetResources"] },
    ]

    storage = [
      # Bucket tags are not evaluated in S3's IAM conditions: name only.
      { Sid = "CodeBuckets", Effect = "Allow", Resource = local.buckets,
        Action = ["s3:CreateBucket", "s3:DeleteBucket", "s3:ListBucket", "s3:ListBucketVersions", "s3:GetBucketLocation", "s3:GetBucketTagging",
          "s3:PutBucketTagging", "s3:GetBucketPolicy", "s3:GetBucketAcl", "s3:GetBucketCORS", "s3:GetBucketWebsite", "s3:GetBucketVersioning",
          "s3:GetAccelerateConfiguration", "s3:GetBucketRequestPayment", "s3:GetBucketLogging", "s3:GetLifecycleConfiguration",
          "s3:GetReplicationConfiguration", "s3:GetEncryptionConfiguration", "s3:GetBucketObjectLockConfiguration", "s3:GetBucketOwnershipControls",
          "s3:GetBucketPublicAccessBlock", "s3:PutObject", "s3:GetObject", "s3:GetObjectVersion", "s3:GetObjectTagging", "s3:PutObjectTagging",
      "s3:DeleteObject", "s3:DeleteObjectVersion"] },
      { Sid = "StateBucket", Effect = "Allow", Resource = aws_s3_bucket.state.arn, Action = ["s3:ListBucket"],
      Condition = { StringLike = { "s3:prefix" = ["${var.state_key_prefix}/*"] } } },
      { Sid = "StateObjectsAndLocks", Effect = "Allow", Resource = "${aws_s3_bucket.state.arn}/${var.state_key_prefix}/*",
      Action = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"] },
    ]

    feature-stores = [
      { Sid      = "DynamoDB", Effect = "Allow",
        Resource = ["${local.arn}:dynamodb:${local.region}:table/${local.prefix}-*", "${local.arn}:dynamodb:${local.region}:table/${local.prefix}-*/*"],
        Action = ["dynamodb:CreateTable", "dynamodb:DeleteTable", "dynamodb:DescribeTable", "dynamodb:UpdateTable", "dynamodb:DescribeContinuousBackups",
          "dynamodb:DescribeTimeToLive", "dynamodb:UpdateTimeToLive", "dynamodb:ListTagsOfResource", "dynamodb:TagResource", "dynamodb:UntagResource",
          "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:Scan",
      "dynamodb:BatchGetItem", "dynamodb:BatchWriteItem", "dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"] },
      { Sid = "SQS", Effect = "Allow", Resource = "${local.arn}:sqs:${local.region}:${local.prefix}-*",
        Action = ["sqs:CreateQueue", "sqs:DeleteQueue", "sqs:GetQueueAttributes", "sqs:SetQueueAttributes", "sqs:GetQueueUrl", "sqs:ListQueueTags",
      "sqs:TagQueue", "sqs:UntagQueue", "sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:PurgeQueue"] },
      { Sid = "SSMParameters", Effect = "Allow", Resource = "${local.arn}:ssm:${local.region}:parameter/${local.prefix}-*",
        Action = ["ssm:PutParameter", "ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath", "ssm:DeleteParameter", "ssm:DeleteParameters",
      "ssm:AddTagsToResource", "ssm:RemoveTagsFromResource", "ssm:ListTagsForResource"] },
      { Sid = "CreateTaggedSecrets", Effect = "Allow", Resource = "${local.arn}:secretsmanager:${local.region}:secret:${local.prefix}-*",
      Condition = local.tagged_request, Action = ["secretsmanager:CreateSecret"] },
      { Sid       = "ChangeTaggedSecrets", Effect = "Allow", Resource = "${local.arn}:secretsmanager:${local.region}:secret:${local.prefix}-*",
        Condition = local.tagged_resource,
        Action = ["secretsmanager:DeleteSecret", "secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue",
      "secretsmanager:UpdateSecret", "secretsmanager:TagResource", "secretsmanager:UntagResource", "secretsmanager:GetResourcePolicy"] },
      # KMS keys have no name: creating needs the tag, everything else the tag on the key.
      { Sid = "CreateTaggedKeys", Effect = "Allow", Resource = "*", Condition = local.tagged_request, Action = ["kms:CreateKey"] },
      { Sid = "UseTaggedKeys", Effect = "Allow", Resource = "${local.arn}:kms:${local.region}:key/*", Condition = local.tagged_resource,
        Action = ["kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:EnableKeyRotation", "kms:ListResourceTags", "kms:TagResource",
      "kms:UntagResource", "kms:ScheduleKeyDeletion", "kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey", "kms:CreateAlias", "kms:DeleteAlias"] },
      { Sid = "KeyAliases", Effect = "Allow", Resource = "${local.arn}:kms:${local.region}:alias/${local.prefix}-*",
      Action = ["kms:CreateAlias", "kms:DeleteAlias"] },
      { Sid = "ListStores", Effect = "Allow", Resource = "*",
      Action = ["dynamodb:ListTables", "sqs:ListQueues", "ssm:DescribeParameters", "secretsmanager:ListSecrets", "kms:ListAliases"] },
    ]

    # AppConfig, API Gateway and ELB address resources by generated ids, not
    # names: creating needs the tag in the request, changing it on the resource.
    feature-front-doors = [
      { Sid = "CreateTaggedAppConfig", Effect = "Allow", Resource = "*", Condition = local.tagged_request,
      Action = ["appconfig:CreateApplication", "appconfig:CreateEnvironment", "appconfig:CreateConfigurationProfile", "appconfig:CreateDeploymentStrategy"] },
      { Sid = "ChangeTaggedAppConfig", Effect = "Allow", Resource = "${local.arn}:appconfig:${local.region}:*", Condition = local.tagged_resource,
        Action = ["appconfig:DeleteApplication", "appconfig:DeleteEnvironment", "appconfig:DeleteConfigurationProfile", "appconfig:DeleteDeploymentStrategy",
          "appconfig:UpdateApplication", "appconfig:UpdateEnvironment", "appconfig:UpdateConfigurationProfile", "appconfig:CreateHostedConfigurationVersion",
      "appconfig:DeleteHostedConfigurationVersion", "appconfig:StartDeployment", "appconfig:StopDeployment", "appconfig:TagResource", "appconfig:UntagResource"] },
      { Sid = "ReadAppConfig", Effect = "Allow", Resource = "${local.arn}:appconfig:${local.region}:*",
        Action = ["appconfig:GetApplication", "appconfig:GetEnvironment", "appconfig:GetConfigurationProfile", "appconfig:GetDeploymentStrategy",
          "appconfig:GetHostedConfigurationVersion", "appconfig:GetDeployment", "appconfig:ListTagsForResource", "appconfig:ListApplications",
          "appconfig:ListEnvironments", "appconfig:ListConfigurationProfiles", "appconfig:ListHostedConfigurationVersions",
      "appconfig:ListDeploymentStrategies", "appconfig:StartConfigurationSession", "appconfig:GetLatestConfiguration"] },
      # The leak check and the sweeper list the APIs to read their tags (the Tagging API lists them too on AWS).
      { Sid = "ListApis", Effect = "Allow", Action = ["apigateway:GET"],
      Resource = ["${local.arn}:apigateway:${var.region}::/restapis", "${local.arn}:apigateway:${var.region}::/apis"] },
      { Sid = "CreateTaggedApis", Effect = "Allow", Condition = local.tagged_request, Action = ["apigateway:POST"],
      Resource = ["${local.arn}:apigateway:${var.region}::/restapis", "${local.arn}:apigateway:${var.region}::/apis"] },
      { Sid    = "ChangeTaggedApis", Effect = "Allow", Condition = local.tagged_resource,
        Action = ["apigateway:GET", "apigateway:POST", "apigateway:PUT", "apigateway:PATCH", "apigateway:DELETE"],
      Resource = ["${local.arn}:apigateway:${var.region}::/restapis/*", "${local.arn}:apigateway:${var.region}::/apis/*", "${local.arn}:apigateway:${var.region}::/tags/*"] },
      { Sid    = "CreateTaggedLoadBalancers", Effect = "Allow", Condition = local.tagged_request,
        Action = ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup", "elasticloadbalancing:CreateListener", "elasticloadbalancing:AddTags"],
        Resource = ["${local.arn}:elasticloadbalancing:${local.region}:loadbalancer/app/${local.prefix}-*/*", "${local.arn}:elasticloadbalancing:${local.region}:targetgroup/${local.prefix}-*/*",
      "${local.arn}:elasticloadbalancing:${local.region}:listener/app/${local.prefix}-*/*"] },
      { Sid = "ChangeTaggedLoadBalancers", Effect = "Allow", Condition = local.tagged_resource,
        Action = ["elasticloadbalancing:DeleteLoadBalancer", "elasticloadbalancing:DeleteTargetGroup", "elasticloadbalancing:DeleteListener",
          "elasticloadbalancing:ModifyLoadBalancerAttributes", "elasticloadbalancing:ModifyTargetGroupAttributes", "elasticloadbalancing:ModifyListener",
          "elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets", "elasticloadbalancing:RemoveTags",
        "elasticloadbalancing:SetSecurityGroups"],
        Resource = ["${local.arn}:elasticloadbalancing:${local.region}:loadbalancer/app/${local.prefix}-*/*", "${local.arn}:elasticloadbalancing:${local.region}:targetgroup/${local.prefix}-*/*",
      "${local.arn}:elasticloadbalancing:${local.region}:listener/app/${local.prefix}-*/*"] },
      { Sid = "DescribeLoadBalancersAndNetwork", Effect = "Allow", Resource = "*",
        Action = ["elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeLoadBalancerAttributes", "elasticloadbalancing:DescribeTargetGroups",
          "elasticloadbalancing:DescribeTargetGroupAttributes", "elasticloadbalancing:DescribeTargetHealth", "elasticloadbalancing:DescribeListeners",
          "elasticloadbalancing:DescribeListenerAttributes", "elasticloadbalancing:DescribeRules", "elasticloadbalancing:DescribeTags", "ec2:DescribeVpcs",
      "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeAccountAttributes", "ec2:DescribeInternetGateways"] },
    ]

    # The network an ALB feature brings (VPC, subnets, internet gateway, routes,
    # security groups), and calling the front doors the suites sign requests for.
    # EC2 ids are generated: creating needs the tag in the request (and CreateTags
    # only as part of those creates), changing it on the resource.
    network = [
      { Sid = "CreateTaggedNetwork", Effect = "Allow", Resource = "*", Condition = local.tagged_request,
      Action = ["ec2:CreateVpc", "ec2:CreateSubnet", "ec2:CreateInternetGateway", "ec2:CreateRouteTable", "ec2:CreateSecurityGroup"] },
      { Sid = "TagNetworkOnCreate", Effect = "Allow", Resource = "*", Action = ["ec2:CreateTags"],
      Condition = { StringEquals = { "ec2:CreateAction" = ["CreateVpc", "CreateSubnet", "CreateInternetGateway", "CreateRouteTable", "CreateSecurityGroup"] } } },
      { Sid = "ChangeTaggedNetwork", Effect = "Allow", Resource = "*", Condition = local.tagged_resource,
        Action = ["ec2:DeleteVpc", "ec2:ModifyVpcAttribute", "ec2:DeleteSubnet", "ec2:ModifySubnetAttribute", "ec2:DeleteInternetGateway",
          "ec2:AttachInternetGateway", "ec2:DetachInternetGateway", "ec2:DeleteRouteTable", "ec2:CreateRoute", "ec2:DeleteRoute",
          "ec2:AssociateRouteTable", "ec2:DisassociateRouteTable", "ec2:DeleteSecurityGroup", "ec2:AuthorizeSecurityGroupIngress",
      "ec2:AuthorizeSecurityGroupEgress", "ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress", "ec2:DeleteTags"] },
      { Sid = "DescribeNetwork", Effect = "Allow", Resource = "*",
        Action = ["ec2:DescribeRouteTables", "ec2:DescribeVpcAttribute", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSecurityGroupRules",
      "ec2:DescribeAvailabilityZones", "ec2:DescribeTags"] },
      { Sid = "CallFunctionUrls", Effect = "Allow", Resource = local.lambda_functions, Action = ["lambda:InvokeFunctionUrl"] },
      # API ids are generated and execute-api has no tag conditions: this account and region's APIs.
      { Sid = "CallApis", Effect = "Allow", Resource = "${local.arn}:execute-api:${local.region}:*/*", Action = ["execute-api:Invoke"] },
    ]
  }
}
