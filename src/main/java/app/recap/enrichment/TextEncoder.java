package app.recap.enrichment;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
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
            // the executor the model would make for itself is unbounded; one thread per call here, the step is serial
            EmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel(Runnable::run);
            log.info("embedding model {} loaded in {} ms", TextEncoder.MODEL, (System.nanoTime() - started) / 1_000_000);
            return model;
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
