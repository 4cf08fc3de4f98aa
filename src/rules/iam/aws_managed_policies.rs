//! What the AWS iam rules know about AWS managed policies: the service-wide
//! wildcards (`s3:*`) that a well-known `*FullAccess` policy allows on every
//! resource, so that attaching it is judged as the same statement written
//! inline would be.
//!
//! Source: the AWS Managed Policy Reference
//! (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/), each
//! policy's JSON document, checked in 2026-12. A policy is listed only where
//! that document allows the wildcard with `Resource: "*"` and no condition;
//! the rest of its document (reads, a conditioned `iam:PassRole`) is left out.
//! AdministratorAccess, PowerUserAccess and IAMFullAccess are
//! `iam-admin-policy-attached`'s; read-only policies grant no wildcard.

/// Policy name (the ARN's part after `policy/`), then the wildcards it allows.
const SERVICE_WILDCARDS: &[(&str, &[&str])] = &[
    ("AmazonAthenaFullAccess", &["athena:*"]),
    ("AmazonBedrockFullAccess", &["bedrock:*"]),
    ("AmazonDynamoDBFullAccess", &["dynamodb:*", "dax:*"]),
    ("AmazonDynamoDBFullAccess_v2", &["dynamodb:*", "dax:*"]),
    ("AmazonEC2ContainerRegistryFullAccess", &["ecr:*"]),
    (
        "AmazonEC2FullAccess",
        &[
            "ec2:*",
            "elasticloadbalancing:*",
            "cloudwatch:*",
            "autoscaling:*",
        ],
    ),
    ("AmazonECS_FullAccess", &["ecs:*"]),
    ("AmazonElastiCacheFullAccess", &["elasticache:*"]),
    ("AmazonEventBridgeFullAccess", &["events:*", "schemas:*"]),
    (
        "AmazonElasticFileSystemFullAccess",
        &["elasticfilesystem:*"],
    ),
    ("AmazonESFullAccess", &["es:*"]),
    ("AmazonKinesisFirehoseFullAccess", &["firehose:*"]),
    ("AmazonKinesisFullAccess", &["kinesis:*"]),
    ("AmazonMQFullAccess", &["mq:*"]),
    ("AmazonMSKFullAccess", &["kafka:*"]),
    ("AmazonOpenSearchServiceFullAccess", &["es:*"]),
    ("AmazonRDSFullAccess", &["rds:*"]),
    ("AmazonRedshiftFullAccess", &["redshift:*"]),
    ("AmazonRoute53FullAccess", &["route53:*"]),
    ("AmazonS3FullAccess", &["s3:*", "s3-object-lambda:*"]),
    ("AmazonSESFullAccess", &["ses:*"]),
    ("AmazonSNSFullAccess", &["sns:*"]),
    ("AmazonSQSFullAccess", &["sqs:*"]),
    ("AmazonSSMFullAccess", &["ssm:*"]),
    ("AmazonTextractFullAccess", &["textract:*"]),
    ("AWSBatchFullAccess", &["batch:*"]),
    ("AWSCertificateManagerPrivateCAFullAccess", &["acm-pca:*"]),
    ("AWSCloudFormationFullAccess", &["cloudformation:*"]),
    ("AWSCodeCommitFullAccess", &["codecommit:*"]),
    ("AWSCodePipeline_FullAccess", &["codepipeline:*"]),
    ("AWSLambda_FullAccess", &["lambda:*"]),
    ("AWSStepFunctionsFullAccess", &["states:*"]),
    ("AWSXrayFullAccess", &["xray:*"]),
    ("CloudWatchEventsFullAccess", &["events:*"]),
    ("CloudWatchFullAccess", &["cloudwatch:*", "logs:*", "sns:*"]),
    ("CloudWatchLogsFullAccess", &["logs:*"]),
    ("SecretsManagerReadWrite", &["secretsmanager:*"]),
];

/// The AWS managed policy an attached policy's ARN names
/// (`arn:aws:iam::aws:policy/AmazonS3FullAccess`, in any partition,
/// `${AWS::Partition}` included), with the service wildcards it allows on
/// every resource; `None` for any other policy, or one not spelled out.
pub fn service_wildcards(arn: &str) -> Option<(&'static str, &'static [&'static str])> {
    let (partition, name) = arn.trim().split_once(":iam::aws:policy/")?;
    if !partition.starts_with("arn:") {
        return None;
    }
    SERVICE_WILDCARDS
        .iter()
        .find(|(known, _)| *known == name)
        .copied()
}
