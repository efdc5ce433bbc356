//! Stable names of the model's enumerations, shared by the pages and the exports.

use crate::resolve::ClaimStatus;

/// (css name, message id of the badge label) of a claim status.
pub fn status_names(status: ClaimStatus) -> (&'static str, &'static str) {
    match status {
        ClaimStatus::Confirmed => ("confirmed", "status-confirmed"),
        ClaimStatus::Unconfirmed => ("unconfirmed", "status-unconfirmed"),
        ClaimStatus::Disputed => ("disputed", "status-disputed"),
        ClaimStatus::Denied => ("denied", "status-denied"),
    }
}
