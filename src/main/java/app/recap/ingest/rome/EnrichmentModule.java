package app.recap.ingest.rome;

import java.util.ArrayList;
import java.util.List;

import com.rometools.rome.feed.CopyFrom;
import com.rometools.rome.feed.module.Module;

/**
 * Rome module for the Recap enrichment extension, namespace {@value #URI}: the TL;DR, takeaways, audiences
 * with weights and importance that an upstream aggregator attaches to each item.
 */
public final class EnrichmentModule implements Module {

    public static final String URI = "urn:recap:enrichment:1";

    /** One {@code <recap:audience weight="0.8">Name</recap:audience>} element. */
    public record AudienceElement(String name, Double weight) implements java.io.Serializable {
    }

    private String tldr;
    private String whyItMatters;
    private String whatToDoNext;
    private Double importance;
    private List<String> takeaways = new ArrayList<>();
    private List<AudienceElement> audiences = new ArrayList<>();

    @Override
    public String getUri() {
        return URI;
    }

    @Override
    public Class<? extends CopyFrom> getInterface() {
        return EnrichmentModule.class;
    }

    @Override
    public void copyFrom(CopyFrom obj) {
        EnrichmentModule other = (EnrichmentModule) obj;
        tldr = other.tldr;
        whyItMatters = other.whyItMatters;
        whatToDoNext = other.whatToDoNext;
        importance = other.importance;
        takeaways = new ArrayList<>(other.takeaways);
        audiences = new ArrayList<>(other.audiences);
    }

    @Override
    public Object clone() {
        EnrichmentModule copy = new EnrichmentModule();
        copy.copyFrom(this);
        return copy;
    }

    /** True when the item carried at least one enrichment element. */
    public boolean isPresent() {
        return tldr != null || whyItMatters != null || whatToDoNext != null || importance != null
                || !takeaways.isEmpty() || !audiences.isEmpty();
    }

    public String getTldr() {
        return tldr;
    }

    void setTldr(String tldr) {
        this.tldr = tldr;
    }

    public String getWhyItMatters() {
        return whyItMatters;
    }

    void setWhyItMatters(String whyItMatters) {
        this.whyItMatters = whyItMatters;
    }

    public String getWhatToDoNext() {
        return whatToDoNext;
    }

    void setWhatToDoNext(String whatToDoNext) {
        this.whatToDoNext = whatToDoNext;
    }

    /** Null when absent or not a number. */
    public Double getImportance() {
        return importance;
    }

    void setImportance(Double importance) {
        this.importance = importance;
    }

    public List<String> getTakeaways() {
        return List.copyOf(takeaways);
    }

    void addTakeaway(String takeaway) {
        takeaways.add(takeaway);
    }

    public List<AudienceElement> getAudiences() {
        return List.copyOf(audiences);
    }

    void addAudience(AudienceElement audience) {
        audiences.add(audience);
    }
}
