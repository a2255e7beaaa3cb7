//! The fake as `https://discord.com`: the same routes over TLS, with a certificate for
//! `discord.com` made when the fake starts. A client that resolves `discord.com` to the fake and
//! trusts only that certificate (`FakeDiscord::as_discord_com`) runs the production
//! configuration: the real base URL, and serenity's rate limiter on.

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::crypto::ring;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::server::TlsStream;

/// The name the certificate is for, and the host the production client calls.
pub const HOST: &str = "discord.com";

/// A fresh self-signed certificate for [`HOST`] (DER) and the server's TLS settings using it.
pub fn certificate() -> (Vec<u8>, TlsAcceptor) {
    let made = rcgen::generate_simple_self_signed(vec![HOST.to_owned()])
        .expect("fake discord: a self-signed certificate");
    let der = made.cert.der().to_vec();
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(made.signing_key.serialize_der()));
    let config = ServerConfig::builder_with_provider(Arc::new(ring::default_provider()))
        .with_safe_default_protocol_versions()
        .expect("fake discord: TLS versions")
        .with_no_client_auth()
        .with_single_cert(vec![CertificateDer::from(der.clone())], key)
        .expect("fake discord: the certificate suits its key");
    (der, TlsAcceptor::from(Arc::new(config)))
}

/// Accepts TCP connections and finishes their TLS handshake before axum sees them.
pub struct TlsListener {
    pub tcp: TcpListener,
    pub acceptor: TlsAcceptor,
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            // A failed accept or handshake concerns that one client; keep serving the others.
            let (stream, addr) = match self.tcp.accept().await {
                Ok(accepted) => accepted,
                Err(e) => {
                    eprintln!("fake discord: accept failed: {e}");
                    tokio::time::sleep(std::time::Duration::from_millis(10)).await;
                    continue;
                }
            };
            match self.acceptor.accept(stream).await {
                Ok(tls) => return (tls, addr),
                Err(e) => eprintln!("fake discord: TLS handshake with {addr} failed: {e}"),
            }
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        self.tcp.local_addr()
    }
}
