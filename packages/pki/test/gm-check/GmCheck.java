// An independent check of SM2-signed CRLs, OCSP responses and RFC 3161 tokens with BouncyCastle (Debian's
// libbcprov-java / libbcpkix-java, the jars gm-oracle uses). BouncyCastle's SM3withSM2 verifies with the
// standard user ID 1234567812345678. Usage: GmCheck crl|ocsp|tsa DER_FILE SIGNER_CERT.pem
// Prints one line "OK <details>" and exits 0, or "FAIL <reason>" and exits 1.
// Also the SM4 box of keys at rest (SM4-CBC + HMAC-SM3 over len(header) ‖ header ‖ IV ‖ ciphertext) with
// BouncyCastle's own SM4 and SM3: `GmCheck sm4-open KEY_HEX HEADER_HEX BOX_HEX` prints "OK <plain hex>",
// `GmCheck sm4-seal KEY_HEX HEADER_HEX PLAIN_HEX` prints "OK <box hex>" (IV from SecureRandom).
import java.io.FileReader;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.Security;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.tsp.TimeStampToken;

public class GmCheck {
  public static void main(String[] args) throws Exception {
    if (args[0].startsWith("sm4-")) {
      Sm4Box.main(args);
      return;
    }
    Security.addProvider(new BouncyCastleProvider());
    byte[] der = Files.readAllBytes(Paths.get(args[1]));
    X509CertificateHolder signer;
    try (PEMParser p = new PEMParser(new FileReader(args[2]))) {
      signer = (X509CertificateHolder) p.readObject();
    }
    ContentVerifierProvider verifier = new JcaContentVerifierProviderBuilder().setProvider("BC").build(signer);
    boolean ok;
    String details;
    switch (args[0]) {
      case "crl": {
        X509CRLHolder crl = new X509CRLHolder(der);
        ok = crl.isSignatureValid(verifier);
        details = crl.toASN1Structure().getSignatureAlgorithm().getAlgorithm().getId() + " revoked="
            + crl.getRevokedCertificates().size();
        break;
      }
      case "ocsp": {
        BasicOCSPResp basic = (BasicOCSPResp) new OCSPResp(der).getResponseObject();
        ok = basic.isSignatureValid(verifier);
        details = basic.getSignatureAlgOID().getId() + " responses=" + basic.getResponses().length;
        break;
      }
      case "tsa": {
        TimeStampToken token = new TimeStampToken(new CMSSignedData(der));
        try {
          // Signature, ESS signing-certificate binding, and the TSA certificate's validity at genTime.
          token.validate(new JcaSimpleSignerInfoVerifierBuilder().setProvider("BC").build(signer));
        } catch (Exception e) {
          System.out.println("FAIL " + e);
          System.exit(1);
        }
        ok = true;
        details = "imprint=" + token.getTimeStampInfo().getMessageImprintAlgOID().getId() + " sig="
            + token.toCMSSignedData().getSignerInfos().getSigners().iterator().next().getEncryptionAlgOID();
        break;
      }
      default:
        throw new IllegalArgumentException("usage: GmCheck crl|ocsp|tsa DER CERT.pem");
    }
    System.out.println((ok ? "OK " : "FAIL ") + details);
    System.exit(ok ? 0 : 1);
  }
}
