package io.jobhistory.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads and writes an {@link ExecutionRecord} as JSON in the seed's snake_case shape:
 *
 * <pre>{@code
 * {"execution_id":"abc-123","job_id":"job-456","job_name":"Daily AAPL",
 *  "start_time":"2025-10-29T10:00:00Z","end_time":"2025-10-29T10:05:30.500Z","status":"partial_success",
 *  "succeeded_items":["AAPL","MSFT"],"failed_items":["GOOGL"],
 *  "errors":["Failed to fetch GOOGL: Connection timeout after 30s"],
 *  "duration_seconds":330.5,"total_items":3,"stack_trace":null,"heartbeat_deadline":null,"attributes":{}}
 * }</pre>
 *
 * <p>Every field above is always written, in that order and with no white space; absent values are {@code null}.
 * A {@code skipped} record adds {@code "skip_count"} and {@code "last_due_time"} at the end.
 * That layout is part of the contract: {@code history-redis} matches {@code "status":"..."} and the leading ids in
 * stored values without parsing them. Instants are ISO-8601 in UTC; on read, a time
 * without an offset (as in the seed) is taken as UTC. Unknown fields are ignored, {@code duration_seconds} is
 * derived and ignored on read. An {@code abandoned} record reads back as {@code running} with its heartbeat deadline,
 * the form registries store, since abandoned is derived when a registry reads it. There is no polymorphic typing: reading builds an {@code ExecutionRecord} and nothing
 * else. Thread-safe; all methods are static.
 */
public final class ExecutionRecordJson {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private static final SerializedString EXECUTION_ID = new SerializedString("execution_id");
    private static final SerializedString JOB_ID = new SerializedString("job_id");
    private static final SerializedString JOB_NAME = new SerializedString("job_name");
    private static final SerializedString START_TIME = new SerializedString("start_time");
    private static final SerializedString END_TIME = new SerializedString("end_time");
    private static final SerializedString STATUS = new SerializedString("status");
    private static final SerializedString SUCCEEDED_ITEMS = new SerializedString("succeeded_items");
    private static final SerializedString FAILED_ITEMS = new SerializedString("failed_items");
    private static final SerializedString ERRORS = new SerializedString("errors");
    private static final SerializedString DURATION_SECONDS = new SerializedString("duration_seconds");
    private static final SerializedString TOTAL_ITEMS = new SerializedString("total_items");
    private static final SerializedString STACK_TRACE = new SerializedString("stack_trace");
    private static final SerializedString HEARTBEAT_DEADLINE = new SerializedString("heartbeat_deadline");
    private static final SerializedString ATTRIBUTES = new SerializedString("attributes");
    private static final SerializedString SKIP_COUNT = new SerializedString("skip_count");
    private static final SerializedString LAST_DUE_TIME = new SerializedString("last_due_time");

    private ExecutionRecordJson() {
    }

    /** The record as a JSON string. */
    public static String toJson(ExecutionRecord record) {
        Objects.requireNonNull(record, "record must not be null");
        // as Jackson's ObjectMapper.writeValueAsString: recycled buffers, no synchronized StringBuffer
        SegmentedStringWriter out = new SegmentedStringWriter(FACTORY._getBufferRecycler());
        try {
            try (JsonGenerator generator = FACTORY.createGenerator(out)) {
                write(record, generator);
            }
            return out.getAndClear();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory does not fail
        }
    }

    /** Writes the record as one JSON object to {@code out}, for embedding it in a larger document. */
    public static void write(ExecutionRecord record, JsonGenerator out) throws IOException {
        out.writeStartObject();
        out.writeFieldName(EXECUTION_ID);
        out.writeString(record.executionId());
        out.writeFieldName(JOB_ID);
        out.writeString(record.jobId());
        out.writeFieldName(JOB_NAME);
        out.writeString(record.jobName());
        out.writeFieldName(START_TIME);
        out.writeString(IsoInstants.format(record.startTime()));
        out.writeFieldName(END_TIME);
        writeInstant(record.endTime().orElse(null), out);
        out.writeFieldName(STATUS);
        out.writeString(record.status().wireName());
        out.writeFieldName(SUCCEEDED_ITEMS);
        writeStrings(record.succeededItems(), out);
        out.writeFieldName(FAILED_ITEMS);
        writeStrings(record.failedItems(), out);
        out.writeFieldName(ERRORS);
        writeStrings(record.errors(), out);
        out.writeFieldName(DURATION_SECONDS);
        if (record.duration().isPresent()) {
            out.writeNumber(record.duration().get().toMillis() / 1000.0);
        } else {
            out.writeNull();
        }
        out.writeFieldName(TOTAL_ITEMS);
        out.writeNumber(record.totalItems());
        out.writeFieldName(STACK_TRACE);
        if (record.stackTrace().isPresent()) {
            out.writeString(record.stackTrace().get());
        } else {
            out.writeNull();
        }
        out.writeFieldName(HEARTBEAT_DEADLINE);
        writeInstant(record.heartbeatDeadline().orElse(null), out);
        out.writeFieldName(ATTRIBUTES);
        out.writeStartObject();
        for (Map.Entry<String, String> attribute : record.attributes().entrySet()) {
            out.writeStringField(attribute.getKey(), attribute.getValue());
        }
        out.writeEndObject();
        if (record.status() == ExecutionStatus.SKIPPED) {
            out.writeFieldName(SKIP_COUNT);
            out.writeNumber(record.skipCount());
            out.writeFieldName(LAST_DUE_TIME);
            writeInstant(record.lastDueTime().orElseThrow(), out);
        }
        out.writeEndObject();
    }

    /**
     * Reads a record from JSON.
     *
     * @throws IllegalArgumentException if {@code json} is not a valid record; the message says what is wrong
     */
    public static ExecutionRecord fromJson(String json) {
        Objects.requireNonNull(json, "json must not be null");
        try (JsonParser parser = FACTORY.createParser(json)) {
            return read(parser, true);
        } catch (IOException | RuntimeException e) {
            throw invalid(e);
        }
    }

    /**
     * Reads only what statistics over many runs need: the ids, the name, the start and end times, the status, a
     * running record's heartbeat deadline and a skipped record's count and last due time. Items, errors, the stack
     * trace and attributes come back empty (and are not even read), so such a record is for computing summaries,
     * never for showing a run. About three times cheaper than {@link #fromJson} for a typical record.
     *
     * @throws IllegalArgumentException if {@code json} is not a valid record
     */
    public static ExecutionRecord fromJsonForStatistics(String json) {
        Objects.requireNonNull(json, "json must not be null");
        try (JsonParser parser = FACTORY.createParser(json)) {
            return read(parser, false);
        } catch (IOException | RuntimeException e) {
            throw invalid(e);
        }
    }

    private static IllegalArgumentException invalid(Exception e) {
        return new IllegalArgumentException("Not a valid execution record: " + e.getMessage(), e);
    }

    private static ExecutionRecord read(JsonParser p, boolean full) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        String executionId = null;
        String jobId = null;
        String jobName = null;
        Instant startTime = null;
        Instant endTime = null;
        ExecutionStatus status = null;
        List<String> succeeded = List.of();
        List<String> failed = List.of();
        List<String> errors = List.of();
        int totalItems = -1;
        String stackTrace = null;
        Instant heartbeatDeadline = null;
        Map<String, String> attributes = Map.of();
        int skipCount = 1;
        Instant lastDueTime = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "execution_id" -> executionId = text(p, field);
                case "job_id" -> jobId = text(p, field);
                case "job_name" -> jobName = text(p, field);
                case "start_time" -> startTime = instant(text(p, field), field);
                case "end_time" -> endTime = instant(text(p, field), field);
                case "status" -> {
                    String name = text(p, field);
                    status = name == null ? null : ExecutionStatus.fromWireName(name);
                }
                case "succeeded_items", "failed_items", "errors", "stack_trace", "attributes" -> {
                    if (!full) {
                        p.skipChildren();
                        continue;
                    }
                    switch (field) {
                        case "succeeded_items" -> succeeded = strings(p, field);
                        case "failed_items" -> failed = strings(p, field);
                        case "errors" -> errors = strings(p, field);
                        case "stack_trace" -> stackTrace = text(p, field);
                        default -> attributes = stringMap(p, field);
                    }
                }
                case "total_items" -> {
                    if (value != JsonToken.VALUE_NULL) {
                        if (value != JsonToken.VALUE_NUMBER_INT) {
                            throw new IllegalArgumentException("total_items must be a whole number");
                        }
                        totalItems = p.getIntValue();
                    }
                }
                case "heartbeat_deadline" -> heartbeatDeadline = instant(text(p, field), field);
                case "skip_count" -> {
                    if (value != JsonToken.VALUE_NUMBER_INT) {
                        throw new IllegalArgumentException("skip_count must be a whole number");
                    }
                    skipCount = p.getIntValue();
                }
                case "last_due_time" -> lastDueTime = instant(text(p, field), field);
                default -> p.skipChildren();
            }
            if (!full && status != null && status.isFinished() && status != ExecutionStatus.SKIPPED
                    && executionId != null && jobId != null && jobName != null && startTime != null && endTime != null) {
                break; // all a finished run's statistics need; the rest is never read
            }
        }
        if (status == null) {
            throw new IllegalArgumentException("status is missing");
        }
        ExecutionRecord.Builder b = ExecutionRecord.builder(executionId, jobId, jobName, startTime)
                .succeededItems(succeeded)
                .failedItems(failed)
                .errors(errors)
                .stackTrace(stackTrace)
                .heartbeatDeadline(heartbeatDeadline)
                .attributes(attributes);
        if (totalItems >= 0) {
            b.totalItems(totalItems);
        }
        if (status == ExecutionStatus.SKIPPED) {
            b.skipped(lastDueTime == null ? startTime : lastDueTime, skipCount);
        } else if (status.isFinished()) {
            b.finished(status, endTime);
        }
        return b.build();
    }

    private static String text(JsonParser p, String field) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException(field + " must be a string, but is " + token);
        }
        return p.getText();
    }

    private static List<String> strings(JsonParser p, String field) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return List.of();
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new IllegalArgumentException(field + " must be an array of strings");
        }
        List<String> values = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw new IllegalArgumentException(field + " must hold strings only");
            }
            values.add(p.getText());
        }
        return values;
    }

    private static Map<String, String> stringMap(JsonParser p, String field) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return Map.of();
        }
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException(field + " must be an object of strings");
        }
        Map<String, String> values = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            if (p.nextToken() != JsonToken.VALUE_STRING) {
                throw new IllegalArgumentException(field + "." + key + " must be a string");
            }
            values.put(key, p.getText());
        }
        return values;
    }

    private static void writeStrings(List<String> values, JsonGenerator out) throws IOException {
        out.writeStartArray();
        for (int i = 0; i < values.size(); i++) {
            out.writeString(values.get(i));
        }
        out.writeEndArray();
    }

    private static void writeInstant(Instant instant, JsonGenerator out) throws IOException {
        if (instant == null) {
            out.writeNull();
        } else {
            out.writeString(IsoInstants.format(instant));
        }
    }

    private static Instant instant(String text, String field) {
        if (text == null) {
            return null;
        }
        try {
            return IsoInstants.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " '" + text + "' is not an ISO-8601 time");
        }
    }
}
