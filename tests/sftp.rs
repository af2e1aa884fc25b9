//! SFTP and scp end to end with the real OpenSSH clients in batch mode:
//! a byte-identical download, an upload attached to its request, and
//! traversal, link and cross-organisation attempts refused. On SQLite and
//! PostgreSQL. Skipped with a message when `sftp` or `scp` is missing.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::openssh::{client_files, clients_installed, common_options, run_client, sftp_batch};
use common::{
    Account, TestServer, add_account, add_customer, audit_count, describe, document_draft,
    principal_of,
};
use portico::domain::{RequestCategory, RequestNumber, Role};
use portico::service::extract::simple_pdf;
use portico::service::requests::RequestDraft;
use portico::store::Store;
use sha2::{Digest, Sha256};

fn sha256_of(path: &Path) -> String {
    hex::encode(Sha256::digest(
        std::fs::read(path).expect("read downloaded file"),
    ))
}

async fn open_request(server: &TestServer, store: &Store, account: &Account) -> RequestNumber {
    let principal = principal_of(store, account.id).await;
    server
        .portal
        .open_request(
            &principal,
            &RequestDraft {
                subject: "Proof of address".to_string(),
                category: RequestCategory::Other,
                body: "Uploading the document you asked for.".to_string(),
                document_id: None,
                contract_id: None,
            },
        )
        .await
        .expect("open request")
}

on_both_backends!(
    sftp_download_and_upload,
    |store: Store, _url: String| async move {
        if !clients_installed(&["sftp", "scp"]) {
            return;
        }
        let server = TestServer::start(&store).await;
        let alice = add_customer(&server.portal, "alice", "Acme", 1).await;
        let pdf = simple_pdf(&["Invoice March 2026", "Amount due 182.31 EUR"]);
        let id = server
            .portal
            .add_document(
                &document_draft("Acme", "invoice", "Invoice March 2026", "2026-03-31"),
                "march.pdf",
                pdf.clone(),
            )
            .await
            .expect("add invoice");
        let number = open_request(&server, &store, &alice).await;
        // The agent who asked for the document handles the request.
        let sam = add_account(&server.portal, "sam", None, Role::Agent, true, 7).await;
        let sam = principal_of(&store, sam.id).await;
        server
            .portal
            .assign_request(&sam, number.id, Some("sam"))
            .await
            .expect("assign");

        let files = client_files(&alice, &alice.code());
        let local = files.dir.path().join("downloaded.pdf");
        let upload = files.dir.path().join("proof.txt");
        std::fs::write(&upload, b"Proof of address: 1 Main Street").expect("upload file");
        let remote = "/documents/invoice/2026/2026-03-31_invoice-march-2026.pdf";
        let commands = format!(
            "ls -l /documents/invoice/2026\nls -l {remote}\nget {remote} {}\nput {} /uploads/{number}/proof.txt\nls /uploads/{number}\n",
            local.display(),
            upload.display()
        );
        let output = sftp_batch(server.address.port(), "alice", &files, &commands).await;
        assert!(output.status.success(), "{}", describe(&output));
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            stdout.contains("2026-03-31_invoice-march-2026.pdf"),
            "{}",
            describe(&output)
        );

        assert_eq!(
            sha256_of(&local),
            hex::encode(Sha256::digest(&pdf)),
            "byte-identical"
        );
        assert_eq!(audit_count(&store, "document-downloaded").await, 1);

        let principal = principal_of(&store, alice.id).await;
        let attached = server
            .portal
            .request_documents(&principal, number.id)
            .await
            .expect("attached documents");
        assert_eq!(attached.len(), 1, "the upload is attached to its request");
        assert_eq!(attached[0].kind, "supporting-document");
        assert_eq!(attached[0].title, "proof.txt");
        assert_eq!(audit_count(&store, "document-uploaded").await, 1);
        assert!(attached[0].id != id);

        // The upload posts a message in the thread and notifies the agent.
        let detail = server
            .portal
            .request_detail(&sam, number.id)
            .await
            .expect("detail");
        let last = detail.messages.last().expect("messages");
        assert_eq!(last.author_id, alice.id);
        assert_eq!(
            last.body,
            "Sent proof.txt (31 bytes) by SFTP; it is attached to this request."
        );
        let told = server
            .portal
            .notifications(&sam)
            .await
            .expect("notifications");
        assert!(
            told.iter()
                .any(|n| n.kind == "new-message" && n.link == format!("request:{}", number.id)),
            "{told:?}"
        );
    }
);

on_both_backends!(
    sftp_refuses_traversal_and_other_data,
    |store: Store, _url: String| async move {
        if !clients_installed(&["sftp", "scp"]) {
            return;
        }
        let server = TestServer::start(&store).await;
        let alice = add_customer(&server.portal, "alice", "Acme", 1).await;
        add_customer(&server.portal, "bob", "Acme", 2).await;
        let carol = add_customer(&server.portal, "carol", "Globex", 3).await;
        let mut slip = document_draft("Acme", "pay-slip", "Pay slip March", "2026-03-31");
        slip.user = Some("bob".to_string());
        server
            .portal
            .add_document(&slip, "slip.txt", b"Bob's salary".to_vec())
            .await
            .expect("bob's pay slip");
        server
            .portal
            .add_document(
                &document_draft("Globex", "invoice", "Globex invoice", "2026-03-31"),
                "g.txt",
                b"Globex".to_vec(),
            )
            .await
            .expect("other organisation's invoice");
        server
            .portal
            .add_document(
                &document_draft("Acme", "letter", "Welcome", "2026-03-31"),
                "w.txt",
                b"Welcome".to_vec(),
            )
            .await
            .expect("alice's letter");
        let carols_request = open_request(&server, &store, &carol).await;

        let files = client_files(&alice, &alice.code());
        let local = files.dir.path().join("stolen");
        let upload = files.dir.path().join("upload.txt");
        std::fs::write(&upload, b"data").expect("upload file");
        let local = local.display();
        let upload = upload.display();
        // A leading '-' lets the batch go on after a failed command.
        let commands = format!(
            "-get /documents/pay-slip/2026/2026-03-31_pay-slip-march.txt {local}1\n\
             -get /documents/invoice/2026/2026-03-31_globex-invoice.txt {local}2\n\
             -get ../../../../etc/passwd {local}3\n\
             -get /documents/letter/2026/../../../../etc/hostname {local}4\n\
             -get /documents/letter/2026/%2e%2e%2f%2e%2e {local}5\n\
             -put {upload} /documents/letter/2026/new.txt\n\
             -put {upload} /uploads/{carols_request}/x.txt\n\
             -put {upload} /uploads/R-2026-999999/x.txt\n\
             -put {upload} /uploads/../etc/x.txt\n\
             -rm /documents/letter/2026/2026-03-31_welcome.txt\n\
             -ln -s /etc/passwd /uploads/link\n\
             -rename /documents/letter/2026/2026-03-31_welcome.txt /uploads/x\n\
             -mkdir /documents/new\n\
             ls /documents\n\
             ls /documents/letter/2026\n\
             ls /uploads\n"
        );
        let output = sftp_batch(server.address.port(), "alice", &files, &commands).await;
        assert!(output.status.success(), "{}", describe(&output));
        for index in 1..=5 {
            let path = PathBuf::from(format!("{local}{index}"));
            assert!(
                !path.exists(),
                "download {index} must be refused: {}",
                describe(&output)
            );
        }
        // Listings only: sftp echoes each batch command after "sftp> ".
        let stdout: String = String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter(|line| !line.starts_with("sftp>"))
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            stdout.contains("2026-03-31_welcome.txt"),
            "{}",
            describe(&output)
        );
        assert!(!stdout.contains("pay-slip"), "{}", describe(&output));
        assert!(!stdout.contains("globex"), "{}", describe(&output));
        assert!(
            !stdout.contains(&carols_request.to_string()),
            "{}",
            describe(&output)
        );

        let (documents,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM documents")
            .fetch_one(store.pool())
            .await
            .expect("count");
        assert_eq!(documents, 3, "no upload was stored");
        assert_eq!(audit_count(&store, "document-downloaded").await, 0);
    }
);

on_both_backends!(
    scp_download_and_upload,
    |store: Store, _url: String| async move {
        if !clients_installed(&["sftp", "scp"]) {
            return;
        }
        let server = TestServer::start(&store).await;
        let alice = add_customer(&server.portal, "alice", "Acme", 1).await;
        let content = b"Certificate of insurance\n".repeat(5000);
        server
            .portal
            .add_document(
                &document_draft("Acme", "certificate", "Insurance", "2026-03-31"),
                "c.txt",
                content.clone(),
            )
            .await
            .expect("add certificate");
        let number = open_request(&server, &store, &alice).await;
        let port = server.address.port().to_string();

        let files = client_files(&alice, &alice.code());
        let local = files.dir.path().join("certificate.txt");
        let mut args = common_options(&files);
        args.extend([
            "-P".to_string(),
            port.clone(),
            "alice@127.0.0.1:/documents/certificate/2026/2026-03-31_insurance.txt".to_string(),
            local.display().to_string(),
        ]);
        let output = run_client("scp", &args, &files).await;
        assert!(output.status.success(), "{}", describe(&output));
        assert_eq!(sha256_of(&local), hex::encode(Sha256::digest(&content)));

        // A second login needs a code of another time step.
        let files = client_files(&alice, &alice.next_code());
        let upload = files.dir.path().join("meter.txt");
        std::fs::write(&upload, b"Meter reading 1234").expect("upload file");
        let mut args = common_options(&files);
        args.extend([
            "-P".to_string(),
            port,
            upload.display().to_string(),
            format!("alice@127.0.0.1:/uploads/{number}/"),
        ]);
        let output = run_client("scp", &args, &files).await;
        assert!(output.status.success(), "{}", describe(&output));
        let principal = principal_of(&store, alice.id).await;
        let attached = server
            .portal
            .request_documents(&principal, number.id)
            .await
            .expect("attached");
        assert_eq!(attached.len(), 1, "{}", describe(&output));
        assert_eq!(attached[0].title, "meter.txt");
    }
);

on_both_backends!(
    sftp_upload_over_limit_refused,
    |store: Store, _url: String| async move {
        if !clients_installed(&["sftp", "scp"]) {
            return;
        }
        let server = TestServer::start(&store).await;
        let alice = add_customer(&server.portal, "alice", "Acme", 1).await;
        let number = open_request(&server, &store, &alice).await;
        let files = client_files(&alice, &alice.code());
        // The test server uses the default limit, so write just past it.
        let limit = server.portal.settings().documents.max_bytes;
        let big = files.dir.path().join("big.bin");
        let file = std::fs::File::create(&big).expect("big file");
        file.set_len(limit + 1).expect("size");
        let commands = format!("-put {} /uploads/{number}/big.bin\n", big.display());
        let output = sftp_batch(server.address.port(), "alice", &files, &commands).await;
        assert!(output.status.success(), "{}", describe(&output));
        // OpenSSH prints the status code, not the server's message.
        assert!(
            String::from_utf8_lossy(&output.stderr).contains("write remote"),
            "{}",
            describe(&output)
        );
        let principal = principal_of(&store, alice.id).await;
        let attached = server
            .portal
            .request_documents(&principal, number.id)
            .await
            .expect("attached");
        assert!(attached.is_empty());
    }
);

on_both_backends!(
    sftp_lists_large_folder,
    |store: Store, _url: String| async move {
        if !clients_installed(&["sftp", "scp"]) {
            return;
        }
        let server = TestServer::start(&store).await;
        let alice = add_customer(&server.portal, "alice", "Acme", 1).await;
        let organisation_id = principal_of(&store, alice.id)
            .await
            .organisation_id
            .expect("organisation");
        // More entries than one SSH_FXP_NAME reply carries.
        for index in 0..450 {
            let title = format!("Letter number {index}");
            portico::store::documents::insert(
                store.pool(),
                &portico::store::documents::NewDocument {
                    organisation_id,
                    owner_user_id: None,
                    contract_id: None,
                    kind: portico::domain::DocumentKind::Letter,
                    title: &title,
                    issue_date: "2026-05-01",
                    amount_cents: None,
                    currency: None,
                    content_type: "text/plain",
                    content: title.as_bytes(),
                },
                1_770_000_000,
            )
            .await
            .expect("insert letter");
        }
        let files = client_files(&alice, &alice.code());
        let output = sftp_batch(
            server.address.port(),
            "alice",
            &files,
            "ls -1 /documents/letter/2026\n",
        )
        .await;
        assert!(output.status.success(), "{}", describe(&output));
        let listed = String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter(|line| line.contains("_letter-number-"))
            .count();
        assert_eq!(listed, 450, "{}", describe(&output));
    }
);

on_both_backends!(
    sftp_needs_enrolled_authenticator,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        add_account(
            &server.portal,
            "erin",
            Some("Acme"),
            Role::Customer,
            false,
            5,
        )
        .await;
        let (session, outcome) =
            common::password_login(server.address, "erin", common::PASSWORD, "").await;
        assert_eq!(outcome, common::Login::Success, "erin starts enrolment");

        // Before the authenticator is set up, only the enrolment screen is
        // served: the SFTP subsystem is rejected, as is any other.
        for name in ["sftp", "shell-escape"] {
            let mut channel = session.channel_open_session().await.expect("open session");
            channel
                .request_subsystem(true, name)
                .await
                .expect("send request");
            let reply = tokio::time::timeout(Duration::from_secs(10), async {
                loop {
                    match channel.wait().await {
                        Some(russh::ChannelMsg::Success) => return "success",
                        Some(russh::ChannelMsg::Failure) => return "failure",
                        Some(_) => {}
                        None => return "closed",
                    }
                }
            })
            .await
            .expect("a reply in time");
            assert_eq!(reply, "failure", "subsystem {name}");
        }
    }
);
