package app.recap.enrichment;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

/**
 * Turns text into unit vectors with all-MiniLM-L6-v2 (quantised, 384 dimensions), loaded from the jar on first
 * use. One model per JVM, not per Spring context: loading takes about a second and 100 MB of native memory, and
 * test suites start many contexts; a context that never enriches never loads it.
 */
final class TextEncoder {

    static final String MODEL = "all-minilm-l6-v2-q";
    static final int DIMENSIONS = 384;

    private static final Logger log = LoggerFactory.getLogger(TextEncoder.class);

    private TextEncoder() {
    }

    private static final class Shared {
        static final EmbeddingModel MODEL = load();

        private static EmbeddingModel load() {
            long started = System.nanoTime();
            OnnxBertBiEncoder encoder = encoder();
            // no executor of the model's own: embedAll runs its texts in the calling thread
            EmbeddingModel model = new AbstractInProcessEmbeddingModel(Runnable::run) {
                @Override
                protected OnnxBertBiEncoder model() {
                    return encoder;
                }
            };
            log.info("embedding model {} loaded in {} ms", TextEncoder.MODEL, (System.nanoTime() - started) / 1_000_000);
            return model;
        }

        /**
         * The model's ONNX session with one thread per run and no spinning. ONNX Runtime's default, a pool of one
         * thread per core that spins between operators, used both cores for a sentence of a few dozen tokens and
         * gained little over one thread.
         */
        private static OnnxBertBiEncoder encoder() {
            try (InputStream onnx = resource(TextEncoder.MODEL + ".onnx");
                    InputStream tokenizer = resource(TextEncoder.MODEL + "-tokenizer.json");
                    OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(1);
                options.setInterOpNumThreads(1);
                options.addConfigEntry("session.intra_op.allow_spinning", "0");
                OrtEnvironment environment = OrtEnvironment.getEnvironment();
                OrtSession session = environment.createSession(onnx.readAllBytes(), options);
                return new OnnxBertBiEncoder(environment, session, tokenizer, PoolingMode.MEAN);
            } catch (IOException | OrtException e) {
                throw new IllegalStateException("embedding model " + TextEncoder.MODEL + " could not be loaded", e);
            }
        }

        private static InputStream resource(String name) throws IOException {
            InputStream in = AllMiniLmL6V2QuantizedEmbeddingModel.class.getResourceAsStream("/" + name);
            if (in == null) {
                throw new IOException(name + " is not on the classpath");
            }
            return in;
        }
    }

    /** The unit vector of a text; a blank text gives the zero vector. */
    static float[] encode(String text) {
        if (text == null || text.isBlank()) {
            return new float[DIMENSIONS];
        }
        Embedding embedding = Shared.MODEL.embed(text).content();
        return Vectors.normalized(embedding.vector());
    }

    /** The unit vectors of several texts, in order. */
    static List<float[]> encodeAll(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        List<TextSegment> segments = texts.stream().map(t -> TextSegment.from(t.isBlank() ? "." : t)).toList();
        return Shared.MODEL.embedAll(segments).content().stream().map(e -> Vectors.normalized(e.vector())).toList();
    }
}
