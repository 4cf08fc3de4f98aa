privileged = true
run_as     = 0
seed       = "Qm7vK2pLx9Tr4wZ8"
admin_username = "ops-admin"
db_admin       = "ops-admin"
