# Rendered by the installer before Terraform runs.
auth_token   = {{ .Values.api_token | quote }}
cluster_name = {{ .Cluster | quote }}
node_count   = 3
