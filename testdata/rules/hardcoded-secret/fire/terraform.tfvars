# Values the module is applied with, committed beside it.
region      = "eu-west-1"
db_username = "app"
db_password = "Vq7rLm2xKp9wTz4N"

# A key inside an object value names what it holds.
grafana = {
  admin_user     = "admin"
  admin_password = "k3Rw9-Lp2q-Zm8x"
}
