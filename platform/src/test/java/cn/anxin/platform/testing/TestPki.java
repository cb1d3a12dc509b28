package cn.anxin.platform.testing;

import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throw-away certificate authority for tests: a server certificate and device certificates. */
public final class TestPki {

  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  private final KeyPair caKeys;
  private final X509Certificate caCert;

  private TestPki(KeyPair caKeys, X509Certificate caCert) {
    this.caKeys = caKeys;
    this.caCert = caCert;
  }

  /** A new CA with the given name. */
  public static TestPki create(String name) throws Exception {
    KeyPair keys = newKeys();
    X509Certificate cert = sign(new X500Name("CN=" + name), keys, new X500Name("CN=" + name), keys.getPrivate(), true);
    return new TestPki(keys, cert);
  }

  /** A certificate and key issued by this CA. */
  public record Issued(X509Certificate certificate, PrivateKey key, X509Certificate issuer) {

    public Path writeCertPem(Path dir, String name) throws Exception {
      return write(dir.resolve(name + ".crt"), "CERTIFICATE", certificate.getEncoded());
    }

    public Path writeKeyPem(Path dir, String name) throws Exception {
      return write(dir.resolve(name + ".key"), "PRIVATE KEY", key.getEncoded());
    }

    /** Client TLS for Paho: presents this certificate and trusts the given CA for the server. */
    public SSLSocketFactory clientSocketFactory(X509Certificate trustedServerCa) throws Exception {
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      keyStore.load(null, null);
      keyStore.setKeyEntry("device", key, new char[0], new Certificate[] {certificate, issuer});
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keyStore, new char[0]);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), trusting(trustedServerCa).getTrustManagers(), null);
      return context.getSocketFactory();
    }
  }

  public X509Certificate certificate() {
    return caCert;
  }

  public Path writeCaPem(Path dir, String name) throws Exception {
    return write(dir.resolve(name + ".crt"), "CERTIFICATE", caCert.getEncoded());
  }

  /** A server certificate for 127.0.0.1 and localhost. */
  public Issued server() throws Exception {
    return issue("localhost", true);
  }

  /** A device certificate whose common name is the device id. */
  public Issued device(String deviceId) throws Exception {
    return issue(deviceId, false);
  }

  /** Client TLS for Paho without a client certificate, trusting this CA for the server. */
  public SSLSocketFactory trustingSocketFactory() throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trusting(caCert).getTrustManagers(), null);
    return context.getSocketFactory();
  }

  private Issued issue(String commonName, boolean server) throws Exception {
    KeyPair keys = newKeys();
    JcaX509v3CertificateBuilder builder = builder(new X500Name("CN=" + caName()), new X500Name("CN=" + commonName), keys);
    if (server) {
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
          new GeneralName(GeneralName.dNSName, "localhost"),
          new GeneralName(GeneralName.iPAddress, InetAddress.getLoopbackAddress().getHostAddress())}));
    }
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
    return new Issued(cert, keys.getPrivate(), caCert);
  }

  private String caName() {
    return caCert.getSubjectX500Principal().getName().substring(3);
  }

  private static X509Certificate sign(X500Name issuer, KeyPair subjectKeys, X500Name subject,
      PrivateKey signer, boolean ca) throws Exception {
    JcaX509v3CertificateBuilder builder = builder(issuer, subject, subjectKeys);
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    return new JcaX509CertificateConverter().getCertificate(
        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
  }

  private static JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), subject,
        keys.getPublic());
  }

  private static KeyPair newKeys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    return generator.generateKeyPair();
  }

  private static TrustManagerFactory trusting(X509Certificate ca) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    return tmf;
  }

  private static Path write(Path file, String type, byte[] der) throws Exception {
    String pem = "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
    Files.writeString(file, pem, StandardCharsets.US_ASCII);
    return file;
  }
}
