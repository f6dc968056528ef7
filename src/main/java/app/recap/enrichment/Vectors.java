package app.recap.enrichment;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.Collection;

/**
 * Unit vectors: cosine similarity, centroids, and the portable text form they are stored in (base64 of
 * little-endian IEEE floats, a plain varchar on H2 and PostgreSQL alike, no vendor-specific array or binary type).
 */
public final class Vectors {

    private Vectors() {
    }

    /** Cosine similarity of two unit vectors; 0 when either is missing or of another length. */
    public static double cosine(float[] a, float[] b) {
        if (a == null || b == null || a.length != b.length) {
            return 0;
        }
        // four sums: the JIT does not vectorise a single floating-point reduction, and the weekly merge runs this
        // millions of times
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (; i + 3 < a.length; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < a.length; i++) {
            s0 += a[i] * b[i];
        }
        return s0 + s1 + s2 + s3;
    }

    static float[] normalized(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        float[] result = new float[v.length];
        if (norm == 0) {
            return result;
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < v.length; i++) {
            result[i] = v[i] * scale;
        }
        return result;
    }

    /** The normalised mean of the vectors; null when there are none. */
    static float[] centroid(Collection<float[]> vectors) {
        float[] sum = null;
        for (float[] v : vectors) {
            if (sum == null) {
                sum = new float[v.length];
            }
            for (int i = 0; i < v.length; i++) {
                sum[i] += v[i];
            }
        }
        return sum == null ? null : normalized(sum);
    }

    /** {@code a·wa + b·wb}, normalised. */
    static float[] blend(float[] a, double wa, float[] b, double wb) {
        float[] sum = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            sum[i] = (float) (a[i] * wa + b[i] * wb);
        }
        return normalized(sum);
    }

    static String encode(float[] v) {
        ByteBuffer bytes = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            bytes.putFloat(x);
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    static float[] decode(String text) {
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(text)).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[bytes.remaining() / Float.BYTES];
        for (int i = 0; i < v.length; i++) {
            v[i] = bytes.getFloat();
        }
        return v;
    }
}
