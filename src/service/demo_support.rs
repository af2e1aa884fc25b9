//! Demo canned replies and knowledge base articles, so agents and customers
//! can try both on a fresh demo database.

use super::{Portal, ServiceResult};
use crate::domain::now;
use crate::store::{kb, lifecycle};

const CANNED_REPLIES: &[(&str, &str)] = &[
    (
        "Ask for a missing document",
        "Hello {customer},\n\nto go on with {number} we need one more document. Please attach it to this request with the d key.\n\nKind regards,\n{agent}",
    ),
    (
        "Refund approved",
        "Hello {customer},\n\nyour refund for {number} is approved and will be paid within 5 working days.\n\nKind regards,\n{agent}",
    ),
    (
        "Closing after resolution",
        "Hello {customer},\n\nwe are closing {number} as resolved. You can reopen it within 14 days if anything is left.\n\nKind regards,\n{agent}",
    ),
];

/// (slug, category, Markdown with the title as first heading)
const ARTICLES: &[(&str, &str, &str)] = &[
    (
        "invoice-higher-than-usual",
        "Billing",
        "# Why is my invoice higher than usual?\n\nAn invoice can be higher when:\n\n- usage went above the plan,\n- a one-time fee was added, such as installation,\n- a period was billed twice after a contract change.\n\nCompare the lines with the previous invoice. If a period appears twice, open a request from the invoice with **n** on the Documents screen.",
    ),
    (
        "certificates",
        "Claims",
        "# Which certificate do you need for a claim?\n\nFor a reimbursement we need the certificate of the current year.\n\n1. Ask your insurer for the 2026 certificate.\n2. Attach it to the request with **d**.\n\nThe request then goes back to review.",
    ),
    (
        "change-billing-address",
        "Account",
        "# Change your billing address\n\nOpen a request of the category *Contract change* and give the new address. The next invoice uses it.",
    ),
];

impl Portal {
    /// Adds the demo canned replies and articles; running it twice updates
    /// them in place.
    pub(super) async fn seed_support(&self) -> ServiceResult<()> {
        let pool = self.store.pool();
        for (title, body) in CANNED_REPLIES {
            lifecycle::upsert_canned_reply(pool, title, body).await?;
        }
        let now = now();
        for (slug, category, text) in ARTICLES {
            let Some((title, body)) = super::kb::parse_article(text) else {
                continue;
            };
            kb::upsert(
                pool,
                slug,
                &title,
                category,
                &body,
                kb::ArticleVisibility::default(),
                now,
            )
            .await?;
        }
        Ok(())
    }
}
