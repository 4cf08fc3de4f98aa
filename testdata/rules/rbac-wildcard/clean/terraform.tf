resource "kubernetes_cluster_role_v1" "deployer" {
  metadata {
    name = "deployer"
  }

  rule {
    api_groups = ["apps"]
    resources  = ["deployments", "deployments/scale"]
    verbs      = ["get", "list", "watch", "update", "patch"]
  }
}

# Filled by the controller: rules written here are overwritten.
resource "kubernetes_cluster_role" "monitoring" {
  metadata {
    name = "monitoring"
  }

  aggregation_rule {
    cluster_role_selectors {
      match_labels = {
        "rbac.example.com/aggregate-to-monitoring" = "true"
      }
    }
  }

  rule {
    api_groups = ["*"]
    resources  = ["*"]
    verbs      = ["*"]
  }
}
