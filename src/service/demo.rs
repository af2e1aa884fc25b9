//! Demo data for a first look: two customer organisations, an agent and an
//! operator, with contracts, documents and requests in every state.

use chrono::{Datelike, Duration, NaiveDate, Utc};
use rand::Rng;

use super::admin::AccountDraft;
use super::{Portal, ServiceError, ServiceResult, extract};
use crate::auth::{recovery, totp};
use crate::domain::{DocumentKind, RequestCategory, RequestState, Role, now};
use crate::store::contracts::{self, NewContract};
use crate::store::documents::{self, Ingested, NewDocument};
use crate::store::lifecycle;
use crate::store::requests::{self, NewRequest};
use crate::store::{messages, users};

/// A demo account and the secrets needed to log in as it.
#[derive(Debug, Clone)]
pub struct DemoAccount {
    pub handle: String,
    pub role: Role,
    pub organisation: Option<String>,
    pub password: String,
    /// `None` for the account left to enrol TOTP at its first login.
    pub totp_secret: Option<String>,
}

/// The outcome of `seed_demo`.
#[derive(Debug)]
pub enum DemoOutcome {
    Seeded(Vec<DemoAccount>),
    /// The database already held data, so nothing was added.
    NotEmpty,
}

struct Person {
    handle: &'static str,
    name: &'static str,
    role: Role,
    organisation: Option<&'static str>,
    enrolled: bool,
}

const NORTHWIND: &str = "Northwind Logistics";
const BLUEFIN: &str = "Bluefin Dental";

const PEOPLE: &[Person] = &[
    Person {
        handle: "alice",
        name: "Alice Martin",
        role: Role::Customer,
        organisation: Some(NORTHWIND),
        enrolled: true,
    },
    Person {
        handle: "bob",
        name: "Bob Okafor",
        role: Role::Customer,
        organisation: Some(NORTHWIND),
        enrolled: true,
    },
    Person {
        handle: "carol",
        name: "Carol Nguyen",
        role: Role::Customer,
        organisation: Some(BLUEFIN),
        enrolled: true,
    },
    Person {
        handle: "dave",
        name: "Dave Laurent",
        role: Role::Customer,
        organisation: Some(BLUEFIN),
        enrolled: true,
    },
    Person {
        handle: "erin",
        name: "Erin Walsh",
        role: Role::Customer,
        organisation: Some(BLUEFIN),
        enrolled: false,
    },
    Person {
        handle: "sam",
        name: "Sam Patel (Support)",
        role: Role::Agent,
        organisation: None,
        enrolled: true,
    },
    Person {
        handle: "olivia",
        name: "Olivia Berg (Operations)",
        role: Role::Operator,
        organisation: None,
        enrolled: true,
    },
];

fn random_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyz23456789";
    let mut rng = rand::rngs::OsRng;
    let groups: Vec<String> = (0..4)
        .map(|_| {
            (0..4)
                .map(|_| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]))
                .collect()
        })
        .collect();
    groups.join("-")
}

fn day(today: NaiveDate, offset_days: i64) -> String {
    (today + Duration::days(offset_days))
        .format("%Y-%m-%d")
        .to_string()
}

/// The extra service on each month's demo invoice, January first.
const DEMO_EXTRAS: [&str; 12] = [
    "Router replacement",
    "Bandwidth upgrade",
    "Technician visit",
    "Static IPv6 block",
    "Backup line test",
    "Cabling survey",
    "Firewall review",
    "Outage credit",
    "Port relocation",
    "Wi-Fi survey",
    "Installation fee",
    "Year-end audit",
];

impl Portal {
    /// Fills an empty database with demo data and returns the accounts with
    /// their passwords and TOTP secrets. A database holding data is left
    /// untouched.
    pub async fn seed_demo(&self) -> ServiceResult<DemoOutcome> {
        if !self.store.is_empty().await? {
            return Ok(DemoOutcome::NotEmpty);
        }
        let pool = self.store.pool();
        let mut accounts = Vec::new();
        let mut ids = std::collections::HashMap::new();

        for person in PEOPLE {
            let password = random_password();
            let draft = AccountDraft {
                handle: person.handle.to_string(),
                display_name: person.name.to_string(),
                email: format!("{}@{}", person.handle, "example.com"),
                role: person.role,
                organisation: person.organisation.map(str::to_string),
                password: Some(password.clone()),
            };
            let id = self.add_account(&draft).await?;
            ids.insert(person.handle, id);

            let totp_secret = if person.enrolled {
                let secret = totp::generate_secret();
                let hashes: Vec<String> = recovery::generate()
                    .iter()
                    .map(|code| recovery::hash(code))
                    .collect();
                let stored = self.encrypt_totp_secret(id, &secret)?;
                users::complete_totp_enrolment(pool, id, &stored, 0, &hashes).await?;
                Some(secret)
            } else {
                None
            };
            accounts.push(DemoAccount {
                handle: person.handle.to_string(),
                role: person.role,
                organisation: person.organisation.map(str::to_string),
                password,
                totp_secret,
            });
        }

        let id_of = |handle: &str| {
            ids.get(handle)
                .copied()
                .ok_or_else(|| ServiceError::Internal(format!("demo account {handle} missing")))
        };
        let northwind = users::find_by_id(pool, id_of("alice")?)
            .await?
            .and_then(|u| u.organisation_id);
        let bluefin = users::find_by_id(pool, id_of("carol")?)
            .await?
            .and_then(|u| u.organisation_id);
        let (Some(northwind), Some(bluefin)) = (northwind, bluefin) else {
            return Err(ServiceError::Internal(
                "demo organisations missing".to_string(),
            ));
        };

        let today = Utc::now().date_naive();
        let created = now();
        self.seed_organisation(
            northwind,
            "NW",
            id_of("alice")?,
            id_of("bob")?,
            id_of("sam")?,
            today,
            created,
        )
        .await?;
        self.seed_organisation(
            bluefin,
            "BF",
            id_of("carol")?,
            id_of("dave")?,
            id_of("sam")?,
            today,
            created,
        )
        .await?;
        self.seed_support().await?;
        Ok(DemoOutcome::Seeded(accounts))
    }

    #[allow(clippy::too_many_arguments)]
    async fn seed_organisation(
        &self,
        organisation_id: i64,
        prefix: &str,
        owner: i64,
        colleague: i64,
        agent: i64,
        today: NaiveDate,
        created: i64,
    ) -> ServiceResult<()> {
        let pool = self.store.pool();

        let fibre = contracts::insert(
            pool,
            &NewContract {
                organisation_id,
                number: &format!("{prefix}-C-1001"),
                product: "Business Fibre 1 Gbit/s",
                status: "active",
                start_date: &day(today, -700),
                end_date: Some(&day(today, 75)),
                notice_days: 30,
                next_deadline: Some(&day(today, 45)),
                deadline_label: "Last day to give notice before renewal",
                auto_renew: true,
                options: "Static IPv4 address, 4-hour repair",
            },
            created,
        )
        .await?;
        let mobile = contracts::insert(
            pool,
            &NewContract {
                organisation_id,
                number: &format!("{prefix}-C-1002"),
                product: "Mobile fleet, 12 lines",
                status: "active",
                start_date: &day(today, -300),
                end_date: None,
                notice_days: 60,
                next_deadline: Some(&day(today, 12)),
                deadline_label: "Annual usage review",
                auto_renew: true,
                options: "EU roaming, 20 GB shared data",
            },
            created,
        )
        .await?;
        contracts::insert(
            pool,
            &NewContract {
                organisation_id,
                number: &format!("{prefix}-C-0907"),
                product: "Legacy ADSL line",
                status: "ended",
                start_date: &day(today, -1500),
                end_date: Some(&day(today, -200)),
                notice_days: 30,
                next_deadline: None,
                deadline_label: "Ended",
                auto_renew: false,
                options: "",
            },
            created,
        )
        .await?;

        let mut invoice_ids = Vec::new();
        // One PDF invoice per month for the last twelve months, each issued
        // on the last day of its month, so "last March" always has one.
        let first_of_month = today.with_day(1).unwrap_or(today);
        for months_back in 0..12u32 {
            let month_start = first_of_month
                .checked_sub_months(chrono::Months::new(months_back + 1))
                .unwrap_or(first_of_month);
            let date = month_start
                .checked_add_months(chrono::Months::new(1))
                .and_then(|next| next.pred_opt())
                .unwrap_or(month_start);
            let title = format!("Invoice {}", date.format("%B %Y"));
            let amount = 18_000 + (i64::from(months_back) * 731) % 4_000;
            // Each month names its one extra service, so a search can find
            // a single invoice by a word that only its PDF text contains.
            let extra = DEMO_EXTRAS
                .get(date.month0() as usize)
                .copied()
                .unwrap_or("Support hotline");
            let amount_line = format!("Amount due: {}.{:02} EUR", amount / 100, amount % 100);
            let contract_line = format!("Contract {prefix}-C-1001, Business Fibre 1 Gbit/s");
            let extra_line = format!("Extra service this month: {extra}");
            let pdf = extract::simple_pdf(&[
                &title,
                &contract_line,
                &extra_line,
                &amount_line,
                "Payment by direct debit.",
            ]);
            let body_text = extract::extract_text("application/pdf", &pdf);
            let period = date.format("%Y-%m").to_string();
            let id = documents::insert_ingested(
                pool,
                &NewDocument {
                    organisation_id,
                    owner_user_id: None,
                    contract_id: Some(fibre),
                    kind: DocumentKind::Invoice,
                    title: &title,
                    issue_date: &date.format("%Y-%m-%d").to_string(),
                    amount_cents: Some(amount),
                    currency: Some("EUR"),
                    content_type: "application/pdf",
                    content: &pdf,
                },
                &Ingested {
                    period: Some(&period),
                    body_text: &body_text,
                    extension: "pdf",
                    ..Ingested::default()
                },
                created,
            )
            .await?;
            invoice_ids.push(id);
        }

        // Kind, title, issue date as days from today, contract, owning user.
        type DemoDocument<'a> = (DocumentKind, &'a str, i64, Option<i64>, Option<i64>);
        let others: [DemoDocument; 7] = [
            (
                DocumentKind::Contract,
                "Business Fibre contract and terms",
                -700,
                Some(fibre),
                None,
            ),
            (
                DocumentKind::Contract,
                "Mobile fleet agreement",
                -300,
                Some(mobile),
                None,
            ),
            (
                DocumentKind::Certificate,
                "Insurance certificate 2026",
                -60,
                None,
                None,
            ),
            (
                DocumentKind::Statement,
                "Annual account statement",
                -40,
                None,
                None,
            ),
            (
                DocumentKind::Letter,
                "Price change notice",
                -20,
                Some(mobile),
                None,
            ),
            (
                DocumentKind::PaySlip,
                "Pay slip, last month",
                -5,
                None,
                Some(owner),
            ),
            (
                DocumentKind::PaySlip,
                "Pay slip, last month",
                -5,
                None,
                Some(colleague),
            ),
        ];
        for (kind, title, offset, contract_id, owner_user_id) in others {
            let content = format!("{title}\nIssued to organisation {prefix}.\n");
            documents::insert_ingested(
                pool,
                &NewDocument {
                    organisation_id,
                    owner_user_id,
                    contract_id,
                    kind,
                    title,
                    issue_date: &day(today, offset),
                    amount_cents: None,
                    currency: None,
                    content_type: "text/plain",
                    content: content.as_bytes(),
                },
                &Ingested {
                    body_text: &content,
                    extension: "txt",
                    ..Ingested::default()
                },
                created,
            )
            .await?;
        }

        let threads: [(&str, RequestCategory, &[RequestState], &str); 6] = [
            (
                "Router keeps rebooting at night",
                RequestCategory::Technical,
                &[],
                "An agent will review your request.",
            ),
            (
                "Invoice charged twice",
                RequestCategory::Billing,
                &[RequestState::UnderReview],
                "We are checking the payment with the bank.",
            ),
            (
                "Reimbursement of installation fee",
                RequestCategory::Claim,
                &[RequestState::UnderReview, RequestState::MissingDocument],
                "Send the receipt of the installation fee.",
            ),
            (
                "Add four mobile lines",
                RequestCategory::ContractChange,
                &[RequestState::UnderReview, RequestState::Approved],
                "The new SIM cards ship within 3 working days.",
            ),
            (
                "Waive the late payment fee",
                RequestCategory::Billing,
                &[RequestState::UnderReview, RequestState::Rejected],
                "The fee stays: the payment arrived 20 days late.",
            ),
            (
                "Change of billing address",
                RequestCategory::Other,
                &[
                    RequestState::UnderReview,
                    RequestState::Approved,
                    RequestState::Closed,
                ],
                "Done: the next invoice uses the new address.",
            ),
        ];

        for (index, (subject, category, path, final_step)) in threads.iter().enumerate() {
            let opened_at = created - 86_400 * (30 - 4 * index as i64);
            let opener = if index % 2 == 0 { owner } else { colleague };
            let request = NewRequest {
                organisation_id,
                subject,
                category: *category,
                priority: if index == 1 { "high" } else { "normal" },
                body: &format!(
                    "Hello, {}. Could you look into it? Thanks.",
                    subject.to_lowercase()
                ),
                next_step: "An agent will review your request.",
                document_id: (index == 1).then(|| invoice_ids.first().copied()).flatten(),
                contract_id: None,
                context: "",
                erasure: false,
            };
            let request_id = requests::insert(pool, opener, &request, opened_at).await?;

            let mut state = RequestState::Received;
            let mut time = opened_at;
            for (step, next) in path.iter().enumerate() {
                time += 3_600 * 5;
                if step == 0 {
                    lifecycle::assign(pool, request_id, Some(agent), time).await?;
                }
                let next_step = if step + 1 == path.len() {
                    final_step
                } else {
                    match next {
                        RequestState::Approved => {
                            "Your request is approved; we are carrying it out."
                        }
                        RequestState::MissingDocument => "Send the document we asked for.",
                        _ => "An agent is reviewing your request.",
                    }
                };
                requests::change_state(pool, request_id, agent, state, *next, next_step, time)
                    .await?;
                state = *next;
                time += 600;
                let reply = match next {
                    RequestState::MissingDocument => {
                        "To go on we need the receipt. Please attach it here."
                    }
                    RequestState::Approved => "Good news: your request is approved.",
                    RequestState::Rejected => "We are sorry, we cannot accept this request.",
                    RequestState::Closed => {
                        "We are closing this request. Reply any time if needed."
                    }
                    _ => "Thanks, we are looking into it.",
                };
                messages::insert(pool, request_id, agent, reply, false, time).await?;
                if *next == RequestState::MissingDocument {
                    messages::insert(
                        pool,
                        request_id,
                        agent,
                        "Internal: customer had the same claim refused in 2024; check the receipt carefully.",
                        true,
                        time + 60,
                    )
                    .await?;
                }
            }
            if index == 1 {
                messages::insert(
                    pool,
                    request_id,
                    opener,
                    "The double charge is on the bank statement of the 3rd.",
                    false,
                    time + 900,
                )
                .await?;
            }
        }
        Ok(())
    }
}
