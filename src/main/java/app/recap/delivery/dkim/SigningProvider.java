package app.recap.delivery.dkim;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.Signature;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;

/**
 * Where signatures and digests come from: Amazon Corretto Crypto Provider (AWS-LC, native) when its library
 * loads and passes its self-test, the JDK's providers otherwise. A signature per message makes this matter: the
 * JDK's RSA-2048 takes 1.3-3.3 ms per signature here, the native one 0.29 ms (PERFORMANCE-NOTES). The provider is
 * used by name in each call, never installed process-wide, so TLS and everything else keep the JDK's choice.
 *
 * @param provider null for the JDK's default providers
 * @param why      why the native provider is not used, or null when it is
 */
record SigningProvider(Provider provider, String why) {

    static SigningProvider choose(boolean nativeAllowed) {
        if (!nativeAllowed) {
            return new SigningProvider(null, "recap.dkim.native-crypto is false");
        }
        try {
            AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
            if (accp.getLoadingError() != null) {
                return new SigningProvider(null, accp.getLoadingError().toString());
            }
            accp.assertHealthy();
            return new SigningProvider(accp, null);
        } catch (Throwable unavailable) { // a missing or foreign native library shows as a LinkageError
            return new SigningProvider(null, unavailable.toString());
        }
    }

    Signature signature(String algorithm) throws GeneralSecurityException {
        return provider == null ? Signature.getInstance(algorithm) : Signature.getInstance(algorithm, provider);
    }

    MessageDigest sha256() {
        try {
            return provider == null ? MessageDigest.getInstance("SHA-256") : MessageDigest.getInstance("SHA-256", provider);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no SHA-256", e);
        }
    }

    String describe() {
        return provider == null ? "the JDK's providers" : provider.getName() + " " + provider.getVersionStr();
    }
}
