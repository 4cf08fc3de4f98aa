database_url = "postgres://orders:Vq7rLm2xKp9w@db.internal:5432/orders"
