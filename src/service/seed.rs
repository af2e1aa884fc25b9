//! Generated data at scale for benchmarks: organisations of customers with
//! contracts, documents and requests, written in large batches.
//!
//! Every seeded account shares one password hash and one public key, so
//! seeding 10,000 accounts costs one argon2 hash. That is fit for a
//! benchmark database only, which is why the command prints the password
//! and writes the accounts file for the load generator.

use std::time::Instant;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sha2::{Digest, Sha256};

use super::{Portal, ServiceError, ServiceResult};
use crate::auth::secret_key::SecretKey;
use crate::auth::totp;
use crate::domain::{DocumentKind, RequestCategory, RequestState, now};
use crate::store::seed::{Batch, Cell};

/// How much to generate.
#[derive(Debug, Clone)]
pub struct SeedPlan {
    pub organisations: usize,
    pub users_per_organisation: usize,
    pub documents_per_organisation: usize,
    pub requests_per_organisation: usize,
    /// The password of every seeded account.
    pub password: String,
    /// The OpenSSH public key line registered for every seeded account.
    pub public_key: String,
}

/// A seeded account and its secrets, for the load generator.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SeededAccount {
    pub handle: String,
    pub password: String,
    pub totp_secret: String,
}

/// The counts and accounts a seed run wrote.
#[derive(Debug)]
pub struct SeedOutcome {
    pub accounts: Vec<SeededAccount>,
    pub documents: usize,
    pub requests: usize,
    pub seconds: f64,
}

/// Organisations written per transaction; with the default sizes that is
/// about 100,000 rows.
const ORGANISATIONS_PER_TRANSACTION: usize = 100;

const FIRST_NAMES: [&str; 24] = [
    "Anna", "Ben", "Clara", "David", "Elena", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Karin",
    "Luca", "Mia", "Noah", "Olga", "Paul", "Rosa", "Samir", "Tara", "Ugo", "Vera", "Wim", "Yara",
    "Zoe",
];
const LAST_NAMES: [&str; 20] = [
    "Meyer",
    "Dubois",
    "Rossi",
    "Novak",
    "Jensen",
    "Garcia",
    "Kowalski",
    "Silva",
    "Berger",
    "Laine",
    "Moreau",
    "Fischer",
    "Costa",
    "Horvat",
    "Lindqvist",
    "Martin",
    "Weber",
    "Bianchi",
    "Nieminen",
    "Duarte",
];
const COMPANY_WORDS: [&str; 16] = [
    "Northwind",
    "Bluefield",
    "Harbour",
    "Summit",
    "Alder",
    "Crescent",
    "Granite",
    "Meadow",
    "Pioneer",
    "Riverside",
    "Silverline",
    "Timber",
    "Vantage",
    "Westgate",
    "Oakridge",
    "Lumen",
];
const COMPANY_KINDS: [&str; 8] = [
    "Logistics",
    "Bakery",
    "Architects",
    "Dental",
    "Software",
    "Garage",
    "Florists",
    "Consulting",
];
const PRODUCTS: [&str; 6] = [
    "Business Electricity Flex",
    "Fleet Insurance Plus",
    "Office Internet 500",
    "Professional Liability",
    "Green Gas Fixed 24",
    "Cloud Backup Team",
];
const SUBJECTS: [&str; 10] = [
    "Invoice amount higher than expected",
    "Change of billing address",
    "Claim for water damage in the office",
    "Cannot download my certificate",
    "Add a vehicle to the fleet policy",
    "Question about the notice period",
    "Refund of a double payment",
    "Update the contact person",
    "Meter reading disputed",
    "Request a copy of the contract",
];

impl Portal {
    /// Fills the database with `plan`'s organisations and their data, for
    /// operators preparing a benchmark. A database that already contains
    /// data is rejected.
    pub async fn seed(&self, plan: &SeedPlan) -> ServiceResult<SeedOutcome> {
        let started = Instant::now();
        let store = self.store();
        if !store.is_empty().await? {
            return Err(ServiceError::Invalid(
                "the database is not empty: seed a new, empty database".to_string(),
            ));
        }
        let key = russh::keys::PublicKey::from_openssh(plan.public_key.trim())
            .map_err(|error| ServiceError::Invalid(format!("invalid public key: {error}")))?;
        let fingerprint = super::admin::fingerprint(&key);
        let key_line = key
            .to_openssh()
            .map_err(|error| ServiceError::Internal(error.to_string()))?;
        let password_hash = self
            .hasher()
            .hash(&plan.password)
            .await
            .map_err(|error| ServiceError::Internal(error.to_string()))?;

        let secret_key = self.secret_key()?;
        let mut ids = Ids::from(store.next_ids().await?);
        let mut rng = StdRng::seed_from_u64(0x5eed);
        let created = now();
        let mut outcome = SeedOutcome {
            accounts: Vec::new(),
            documents: 0,
            requests: 0,
            seconds: 0.0,
        };

        let mut organisation = 0;
        while organisation < plan.organisations {
            let end = (organisation + ORGANISATIONS_PER_TRANSACTION).min(plan.organisations);
            let mut rows = Rows::default();
            for index in organisation..end {
                let context = OrganisationContext {
                    index,
                    created,
                    password_hash: &password_hash,
                    key_algorithm: key.algorithm().as_str().to_string(),
                    key_line: &key_line,
                    fingerprint: &fingerprint,
                    secret_key,
                };
                generate(plan, &context, &mut ids, &mut rng, &mut rows, &mut outcome)?;
            }
            store.insert_batches(&rows.into_batches()).await?;
            organisation = end;
        }
        store.reset_id_sequences().await?;
        outcome.seconds = started.elapsed().as_secs_f64();
        Ok(outcome)
    }
}

/// The next id of each table, in the order of `store::seed::ID_TABLES`.
struct Ids {
    organisation: i64,
    user: i64,
    key: i64,
    contract: i64,
    document: i64,
    request: i64,
    message: i64,
}

impl From<Vec<i64>> for Ids {
    fn from(next: Vec<i64>) -> Ids {
        let at = |index: usize| next.get(index).copied().unwrap_or(1);
        Ids {
            organisation: at(0),
            user: at(1),
            key: at(2),
            contract: at(3),
            document: at(4),
            request: at(5),
            message: at(6),
        }
    }
}

fn take(id: &mut i64) -> i64 {
    let current = *id;
    *id += 1;
    current
}

#[derive(Default)]
struct Rows {
    organisations: Vec<Vec<Cell>>,
    users: Vec<Vec<Cell>>,
    members: Vec<Vec<Cell>>,
    keys: Vec<Vec<Cell>>,
    contracts: Vec<Vec<Cell>>,
    blobs: Vec<Vec<Cell>>,
    documents: Vec<Vec<Cell>>,
    requests: Vec<Vec<Cell>>,
    events: Vec<Vec<Cell>>,
    messages: Vec<Vec<Cell>>,
}

impl Rows {
    fn into_batches(self) -> Vec<Batch> {
        vec![
            Batch {
                table: "organisations",
                columns: &["id", "name", "created_at"],
                rows: self.organisations,
            },
            Batch {
                table: "users",
                columns: &[
                    "id",
                    "handle",
                    "display_name",
                    "email",
                    "role",
                    "organisation_id",
                    "password_hash",
                    "totp_secret",
                    "totp_last_step",
                    "disabled",
                    "created_at",
                ],
                rows: self.users,
            },
            Batch {
                table: "organisation_members",
                columns: &["user_id", "organisation_id", "role", "created_at"],
                rows: self.members,
            },
            Batch {
                table: "ssh_keys",
                columns: &[
                    "id",
                    "user_id",
                    "algorithm",
                    "public_key",
                    "fingerprint",
                    "comment",
                    "created_at",
                ],
                rows: self.keys,
            },
            Batch {
                table: "contracts",
                columns: &[
                    "id",
                    "organisation_id",
                    "number",
                    "product",
                    "status",
                    "start_date",
                    "end_date",
                    "notice_days",
                    "next_deadline",
                    "deadline_label",
                    "created_at",
                ],
                rows: self.contracts,
            },
            Batch {
                table: "blobs",
                columns: &["sha256", "size", "content"],
                rows: self.blobs,
            },
            Batch {
                table: "documents",
                columns: &[
                    "id",
                    "organisation_id",
                    "owner_user_id",
                    "contract_id",
                    "kind",
                    "title",
                    "issue_date",
                    "amount_cents",
                    "currency",
                    "status",
                    "size",
                    "content_type",
                    "sha256",
                    "created_at",
                    "period",
                    "body_text",
                    "file_name",
                ],
                rows: self.documents,
            },
            Batch {
                table: "requests",
                columns: &[
                    "id",
                    "organisation_id",
                    "opened_by",
                    "subject",
                    "category",
                    "priority",
                    "state",
                    "next_step",
                    "created_at",
                    "updated_at",
                ],
                rows: self.requests,
            },
            Batch {
                table: "request_events",
                columns: &[
                    "request_id",
                    "actor_id",
                    "to_state",
                    "next_step",
                    "created_at",
                ],
                rows: self.events,
            },
            Batch {
                table: "messages",
                columns: &[
                    "id",
                    "request_id",
                    "author_id",
                    "body",
                    "internal",
                    "created_at",
                ],
                rows: self.messages,
            },
        ]
    }
}

struct OrganisationContext<'a> {
    index: usize,
    created: i64,
    password_hash: &'a str,
    key_algorithm: String,
    key_line: &'a str,
    fingerprint: &'a str,
    secret_key: &'a SecretKey,
}

fn text(value: impl Into<String>) -> Cell {
    Cell::Text(value.into())
}

fn pick<'a>(rng: &mut StdRng, items: &[&'a str]) -> &'a str {
    items[rng.gen_range(0..items.len())]
}

/// Generates one organisation with its accounts, contracts, documents and
/// requests into `rows`.
fn generate(
    plan: &SeedPlan,
    context: &OrganisationContext<'_>,
    ids: &mut Ids,
    rng: &mut StdRng,
    rows: &mut Rows,
    outcome: &mut SeedOutcome,
) -> ServiceResult<()> {
    let created = context.created;
    let organisation_id = take(&mut ids.organisation);
    let organisation_name = format!(
        "{} {} {}",
        pick(rng, &COMPANY_WORDS),
        pick(rng, &COMPANY_KINDS),
        context.index + 1
    );
    rows.organisations.push(vec![
        Cell::Int(organisation_id),
        text(&organisation_name),
        Cell::Int(created),
    ]);

    let mut user_ids = Vec::with_capacity(plan.users_per_organisation);
    for user in 0..plan.users_per_organisation {
        let user_id = take(&mut ids.user);
        user_ids.push(user_id);
        let first = pick(rng, &FIRST_NAMES);
        let last = pick(rng, &LAST_NAMES);
        let handle = format!("o{}u{}", context.index + 1, user + 1);
        let secret = totp::generate_secret();
        let stored_secret = context
            .secret_key
            .encrypt(user_id, &secret)
            .map_err(ServiceError::Internal)?;
        rows.users.push(vec![
            Cell::Int(user_id),
            text(&handle),
            text(format!("{first} {last}")),
            text(format!(
                "{}.{}@{handle}.example.com",
                first.to_lowercase(),
                last.to_lowercase()
            )),
            text("customer"),
            Cell::Int(organisation_id),
            text(context.password_hash),
            text(stored_secret),
            Cell::Int(0),
            Cell::Int(0),
            Cell::Int(created),
        ]);
        rows.members.push(vec![
            Cell::Int(user_id),
            Cell::Int(organisation_id),
            text("owner"),
            Cell::Int(created),
        ]);
        rows.keys.push(vec![
            Cell::Int(take(&mut ids.key)),
            Cell::Int(user_id),
            text(&context.key_algorithm),
            text(context.key_line),
            text(context.fingerprint),
            text("benchmark key"),
            Cell::Int(created),
        ]);
        outcome.accounts.push(SeededAccount {
            handle,
            password: plan.password.clone(),
            totp_secret: secret,
        });
    }

    let contract_id = take(&mut ids.contract);
    let start_year = 2022 + rng.gen_range(0..4);
    let renewal = format!("{}-{:02}-01", start_year + 2, rng.gen_range(1..13));
    rows.contracts.push(vec![
        Cell::Int(contract_id),
        Cell::Int(organisation_id),
        text(format!("C-{organisation_id:06}-1")),
        text(pick(rng, &PRODUCTS)),
        text("active"),
        text(format!("{start_year}-01-01")),
        Cell::MaybeText(Some(renewal.clone())),
        Cell::Int(30),
        Cell::MaybeText(Some(renewal)),
        text("renewal"),
        Cell::Int(created),
    ]);

    for number in 0..plan.documents_per_organisation {
        let kind = match rng.gen_range(0..10) {
            0..=4 => DocumentKind::Invoice,
            5 => DocumentKind::Statement,
            6 => DocumentKind::Certificate,
            7 => DocumentKind::PaySlip,
            8 => DocumentKind::Letter,
            _ => DocumentKind::Contract,
        };
        let year = 2023 + rng.gen_range(0..4);
        // A usize draws differently from the generator than a u32, so the
        // month stays a usize and a seed keeps producing the same data.
        let month: usize = rng.gen_range(1..13);
        let day = rng.gen_range(1..29);
        let month_name = u32::try_from(month)
            .ok()
            .and_then(|month| chrono::NaiveDate::from_ymd_opt(year, month, 1))
            .map(|date| date.format("%B").to_string())
            .unwrap_or_default();
        let amount = rng.gen_range(1_000..250_000_i64);
        let title = format!("{} {month_name} {year}", kind.label());
        let content = format!(
            "{organisation_name}\n{} no. {organisation_id}-{}\nIssued {year}-{month:02}-{day:02}\n\
             {}: {}.{:02} EUR\nThank you for your business.\n",
            kind.label(),
            number + 1,
            pick(rng, &PRODUCTS),
            amount / 100,
            amount % 100
        );
        let body_text = content.clone();
        let content = content.into_bytes();
        let sha256 = hex::encode(Sha256::digest(&content));
        let size = i64::try_from(content.len()).unwrap_or(i64::MAX);
        let owner = (kind == DocumentKind::PaySlip)
            .then(|| {
                user_ids
                    .get(rng.gen_range(0..user_ids.len().max(1)))
                    .copied()
            })
            .flatten();
        rows.blobs
            .push(vec![text(&sha256), Cell::Int(size), Cell::Bytes(content)]);
        rows.documents.push(vec![
            Cell::Int(take(&mut ids.document)),
            Cell::Int(organisation_id),
            Cell::MaybeInt(owner),
            Cell::MaybeInt(Some(contract_id)),
            text(kind.as_str()),
            text(title),
            text(format!("{year}-{month:02}-{day:02}")),
            Cell::MaybeInt((kind == DocumentKind::Invoice).then_some(amount)),
            Cell::MaybeText((kind == DocumentKind::Invoice).then(|| "EUR".to_string())),
            text(if rng.gen_bool(0.2) { "new" } else { "read" }),
            Cell::Int(size),
            text("text/plain"),
            text(sha256),
            Cell::Int(created),
            text(format!("{year}-{month:02}")),
            text(body_text),
            text(format!(
                "{year}-{month:02}-{day:02}_{}-{}.txt",
                kind.as_str(),
                number + 1
            )),
        ]);
        outcome.documents += 1;
    }

    for _ in 0..plan.requests_per_organisation {
        let Some(&opener) = user_ids.get(rng.gen_range(0..user_ids.len().max(1))) else {
            break;
        };
        let request_id = take(&mut ids.request);
        let state = RequestState::ALL[rng.gen_range(0..RequestState::ALL.len())];
        let category = RequestCategory::ALL[rng.gen_range(0..RequestCategory::ALL.len())];
        let opened = created - rng.gen_range(0..90 * 86_400);
        let subject = pick(rng, &SUBJECTS);
        rows.requests.push(vec![
            Cell::Int(request_id),
            Cell::Int(organisation_id),
            Cell::Int(opener),
            text(subject),
            text(category.as_str()),
            text(if rng.gen_bool(0.1) { "high" } else { "normal" }),
            text(state.as_str()),
            text("We will review your request"),
            Cell::Int(opened),
            Cell::Int(opened),
        ]);
        rows.events.push(vec![
            Cell::Int(request_id),
            Cell::Int(opener),
            text(state.as_str()),
            text("We will review your request"),
            Cell::Int(opened),
        ]);
        rows.messages.push(vec![
            Cell::Int(take(&mut ids.message)),
            Cell::Int(request_id),
            Cell::Int(opener),
            text(format!(
                "Hello, {}. Could you please look into it? Thank you.",
                subject.to_lowercase()
            )),
            Cell::Int(0),
            Cell::Int(opened),
        ]);
        outcome.requests += 1;
    }
    Ok(())
}
