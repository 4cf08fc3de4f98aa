//! The `resource-limits` family: containers whose CPU and memory requests
//! and limits are missing, malformed or contradictory.

pub mod effective;
pub mod invalid_resource_quantity;
pub mod missing_resource;
pub mod quantity;
pub mod request_exceeds_limit;
