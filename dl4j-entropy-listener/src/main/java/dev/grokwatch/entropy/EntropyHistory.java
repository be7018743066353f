package dev.grokwatch.entropy;

import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.shade.jackson.annotation.JsonAutoDetect;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.io.ObjectOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The ordered evaluations of one run and the criteria that read them.
 *
 * <p>It is written as JSON (every field, including eigenvalues and the criteria) or, through
 * {@link MetricsCsv}, as {@code metrics.csv}, and read back from either so an old run can be
 * re-analysed offline with the same code. The history can also travel inside a DL4J model zip
 * ({@link #saveTo(File)}, {@link #restoreFrom(File)}) so a resumed run continues its curve.
 *
 * <p>Appends come from the training thread; readers on other threads (a progress bar) see a
 * consistent snapshot.
 */
@JsonAutoDetect(getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE, fieldVisibility = JsonAutoDetect.Visibility.NONE)
public final class EntropyHistory implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Entry name of the history inside a DL4J model zip. */
    public static final String MODEL_ZIP_KEY = "grokwatch-entropy-history.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final PhaseCriteria criteria;
    private final CopyOnWriteArrayList<EntropyRecord> records = new CopyOnWriteArrayList<>();

    public EntropyHistory(PhaseCriteria criteria) {
        this(criteria, List.of());
    }

    @JsonCreator
    public EntropyHistory(@JsonProperty("criteria") PhaseCriteria criteria,
                          @JsonProperty("records") List<EntropyRecord> records) {
        if (criteria == null) {
            throw new IllegalArgumentException("criteria is null; expected PhaseCriteria (e.g. PhaseCriteria.defaults())");
        }
        this.criteria = criteria;
        if (records != null) {
            records.forEach(this::append);
        }
    }

    /** Appends an evaluation; steps must strictly increase. */
    public void append(EntropyRecord record) {
        if (record == null) {
            throw new IllegalArgumentException("record is null");
        }
        Optional<EntropyRecord> last = latest();
        if (last.isPresent() && record.step() <= last.get().step()) {
            throw new IllegalArgumentException("record step " + record.step()
                    + " does not follow the last recorded step " + last.get().step() + "; steps must increase");
        }
        records.add(record);
    }

    @JsonProperty("criteria")
    public PhaseCriteria criteria() {
        return criteria;
    }

    /** The same records read with other criteria (another threshold, δ or window). */
    public EntropyHistory withCriteria(PhaseCriteria newCriteria) {
        return new EntropyHistory(newCriteria, records);
    }

    /** An immutable snapshot of the records, in step order. */
    @JsonProperty("records")
    public List<EntropyRecord> records() {
        return List.copyOf(records);
    }

    /** The records as they are, read-only and not copied, for a reader on the appending thread ({@link EntropyCurve}). */
    List<EntropyRecord> view() {
        return Collections.unmodifiableList(records);
    }

    public int size() {
        return records.size();
    }

    public boolean isEmpty() {
        return records.isEmpty();
    }

    public Optional<EntropyRecord> latest() {
        int size = records.size(); // records are only appended: the one at size - 1 exists whatever comes after
        return size == 0 ? Optional.empty() : Optional.of(records.get(size - 1));
    }

    /**
     * True when some record has training accuracy: memorisation can be seen, so a run that reached the
     * grokking criterion can be told grokked from generalised (see {@link PhaseTracker}).
     */
    public boolean hasTrainAccuracy() {
        return records.stream().anyMatch(r -> r.trainAccuracy() != null);
    }

    /** First step with training accuracy at or above the memorisation criterion. */
    public OptionalLong memorisedStep() {
        return PhaseTracker.replay(this).stepOf(EntropyEventType.MEMORISED);
    }

    /**
     * First step at which H̃ fell by more than δ over the collapse window, after memorisation when
     * training accuracy is measured.
     */
    public OptionalLong collapseOnsetStep() {
        return PhaseTracker.replay(this).stepOf(EntropyEventType.COLLAPSE_ONSET);
    }

    /**
     * Step at which H̃ came down through the criteria's threshold H̃* (after the collapse onset, see
     * {@link PhaseTracker}); empty when no threshold is set or H̃ never crossed it.
     */
    public OptionalLong thresholdCrossingStep() {
        return PhaseTracker.replay(this).stepOf(EntropyEventType.THRESHOLD_CROSSED);
    }

    /**
     * First step with test accuracy at or above the grokking criterion, when it came after memorisation
     * with test accuracy then still far from it (grokking, see {@link PhaseTracker}); empty for a run
     * that generalised without one, or that has no training accuracy (its delay cannot be seen).
     */
    public OptionalLong grokStep() {
        return PhaseTracker.replay(this).stepOf(EntropyEventType.GROKKED);
    }

    /**
     * First step with test accuracy at or above the grokking criterion, when it came without a delay past
     * memorisation (an ordinary run, not grokking) or on a run without training accuracy (whether after a
     * delay is unknown); empty for a run that grokked or never got there.
     */
    public OptionalLong generalisedStep() {
        return PhaseTracker.replay(this).stepOf(EntropyEventType.GENERALISED);
    }

    /** Smallest finite H̃ recorded, NaN when there is none. */
    public double minNormalisedEntropy() {
        return records.stream().mapToDouble(EntropyRecord::normalisedEntropy).filter(Double::isFinite).min()
                .orElse(Double.NaN);
    }

    // ---- JSON ----

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not serialise the entropy history to JSON", e);
        }
    }

    public static EntropyHistory fromJson(String json) {
        try {
            return JSON.readValue(json, EntropyHistory.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("Not a grokwatch entropy history JSON: " + e.getMessage(), e);
        }
    }

    public void writeJson(Path path) {
        try {
            Files.writeString(path, toJson(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write entropy history JSON to " + path, e);
        }
    }

    public static EntropyHistory readJson(Path path) {
        try {
            return fromJson(Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read entropy history JSON " + path, e);
        }
    }

    // ---- model zip ----

    /**
     * Stores this history inside a DL4J model zip written by {@code ModelSerializer}/{@code model.save},
     * replacing a history stored there before (e.g. by an earlier checkpoint of the same run). The zip is
     * rewritten beside itself and moved into place, so a failure leaves the user's model as it was.
     * Read back with {@link #restoreFrom(File)} or {@code ModelSerializer.getObjectFromFile}.
     *
     * @throws IllegalArgumentException when the file does not exist or is not a zip
     * @throws UncheckedIOException     when it cannot be read or rewritten
     */
    public void saveTo(File modelZip) {
        if (!modelZip.isFile()) {
            throw new IllegalArgumentException(modelZip + " does not exist; save the model first (model.save(file))");
        }
        // ModelSerializer.addObjectToFile appends: a second save would be a duplicate entry. Same entry format.
        String entryName = "objects/" + MODEL_ZIP_KEY;
        Path target = modelZip.toPath().toAbsolutePath();
        Path temp = null;
        try {
            temp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
            try (ZipFile in = new ZipFile(modelZip);
                 ZipOutputStream out = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(temp)))) {
                for (ZipEntry entry : Collections.list(in.entries())) {
                    if (!entry.getName().equals(entryName)) {
                        out.putNextEntry(new ZipEntry(entry.getName()));
                        try (InputStream is = in.getInputStream(entry)) {
                            is.transferTo(out);
                        }
                        out.closeEntry();
                    }
                }
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (ObjectOutputStream oos = new ObjectOutputStream(bytes)) {
                    oos.writeObject(toJson());
                }
                out.putNextEntry(new ZipEntry(entryName));
                bytes.writeTo(out);
                out.closeEntry();
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            temp = null;
        } catch (ZipException e) {
            throw notAZip(modelZip, e);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not store the entropy history in " + modelZip
                    + "; expected a DL4J model zip (model.save(file)) in a writable folder", e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the temporary copy is beside the zip; nothing of the user's is lost
                }
            }
        }
    }

    /**
     * The records up to and including {@code step}, with the same criteria: e.g. to resume on a model
     * saved earlier than the history ({@code resumeFrom(history.upTo(modelStep))}).
     */
    public EntropyHistory upTo(long step) {
        return new EntropyHistory(criteria, records.stream().filter(r -> r.step() <= step).toList());
    }

    /** The history stored in a model zip by {@link #saveTo(File)}. */
    public static EntropyHistory restoreFrom(File modelZip) {
        if (!modelZip.isFile()) {
            throw new IllegalArgumentException(modelZip + " does not exist; expected a DL4J model zip");
        }
        try (ZipFile ignored = new ZipFile(modelZip)) {
            // only checks that it opens: ModelSerializer's own message for a non-zip names no file
        } catch (ZipException e) {
            throw notAZip(modelZip, e);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + modelZip, e);
        }
        if (!ModelSerializer.listObjectsInFile(modelZip).contains(MODEL_ZIP_KEY)) {
            throw new IllegalArgumentException(modelZip + " holds no grokwatch history (no entry '" + MODEL_ZIP_KEY
                    + "'); expected a zip written after EntropyHistory.saveTo");
        }
        String json = ModelSerializer.getObjectFromFile(modelZip, MODEL_ZIP_KEY);
        return fromJson(json);
    }

    private static IllegalArgumentException notAZip(File file, ZipException e) {
        return new IllegalArgumentException(file + " is not a zip (" + e.getMessage()
                + "); expected a DL4J model zip written by model.save(file)", e);
    }
}
