//! Where a GCP IAM binding grants its role, as its Terraform resource type
//! says: on a project, folder or organization (every resource below it) or
//! on one resource.

/// Where a GCP binding grants its role above single resources, as messages
/// say it: `google_project_iam_member` grants on the project.
pub fn hierarchy_scope(object: &str) -> Option<&'static str> {
    const SCOPES: &[(&str, &str)] = &[
        ("google_project_iam_", "in the project"),
        ("google_folder_iam_", "in the folder's projects"),
        ("google_organization_iam_", "in the organization's projects"),
    ];
    SCOPES
        .iter()
        .find(|(kind, _)| object.starts_with(kind))
        .map(|(_, scope)| *scope)
}
