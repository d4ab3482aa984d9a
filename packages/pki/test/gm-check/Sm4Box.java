// BouncyCastle's SM4-CBC (PKCS#7 padding) and HMAC-SM3, independent of OpenSSL, for the SM4 box of
// packages/pki/src/keys/sm4-box.ts: key = SM4 key (16) ‖ MAC key (16); box = IV ‖ ciphertext ‖ MAC.
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.paddings.PaddedBufferedBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.util.encoders.Hex;

public class Sm4Box {
  public static void main(String[] args) throws Exception {
    byte[] key = Hex.decode(args[1]);
    byte[] header = Hex.decode(args[2]);
    byte[] input = Hex.decode(args[3]);
    byte[] sm4Key = Arrays.copyOfRange(key, 0, 16);
    byte[] macKey = Arrays.copyOfRange(key, 16, 32);
    if (args[0].equals("sm4-seal")) {
      byte[] iv = new byte[16];
      new SecureRandom().nextBytes(iv);
      byte[] encrypted = cbc(true, sm4Key, iv, input);
      byte[] mac = mac(macKey, header, iv, encrypted);
      System.out.println("OK " + Hex.toHexString(concat(iv, encrypted, mac)));
      return;
    }
    byte[] iv = Arrays.copyOfRange(input, 0, 16);
    byte[] encrypted = Arrays.copyOfRange(input, 16, input.length - 32);
    byte[] mac = Arrays.copyOfRange(input, input.length - 32, input.length);
    if (!Arrays.equals(mac, mac(macKey, header, iv, encrypted))) {
      System.out.println("FAIL MAC mismatch");
      System.exit(1);
    }
    System.out.println("OK " + Hex.toHexString(cbc(false, sm4Key, iv, encrypted)));
  }

  static byte[] cbc(boolean encrypt, byte[] key, byte[] iv, byte[] input) throws Exception {
    PaddedBufferedBlockCipher c = new PaddedBufferedBlockCipher(new CBCBlockCipher(new SM4Engine()));
    c.init(encrypt, new ParametersWithIV(new KeyParameter(key), iv));
    byte[] out = new byte[c.getOutputSize(input.length)];
    int n = c.processBytes(input, 0, input.length, out, 0);
    n += c.doFinal(out, n);
    return Arrays.copyOf(out, n);
  }

  static byte[] mac(byte[] key, byte[] header, byte[] iv, byte[] encrypted) {
    HMac h = new HMac(new SM3Digest());
    h.init(new KeyParameter(key));
    int len = header.length;
    byte[] length = {(byte) (len >>> 24), (byte) (len >>> 16), (byte) (len >>> 8), (byte) len};
    for (byte[] part : new byte[][] {length, header, iv, encrypted}) h.update(part, 0, part.length);
    byte[] out = new byte[h.getMacSize()];
    h.doFinal(out, 0);
    return out;
  }

  static byte[] concat(byte[]... parts) {
    int total = 0;
    for (byte[] p : parts) total += p.length;
    byte[] out = new byte[total];
    int pos = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, pos, p.length);
      pos += p.length;
    }
    return out;
  }
}
