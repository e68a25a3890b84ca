package io.jobhistory.web;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/** Small steps that {@link JsonBody}s are made of. */
final class JsonGeneratorSteps {

    static final ApiJson.Body START_ARRAY = out -> out.writeStartArray();
    static final ApiJson.Body END_ARRAY = out -> out.writeEndArray();

    private JsonGeneratorSteps() {
    }

    /** The steps of each iterator in turn. */
    @SafeVarargs
    static Iterator<ApiJson.Body> concat(Iterator<ApiJson.Body>... parts) {
        List<Iterator<ApiJson.Body>> all = List.of(parts);
        return new Iterator<>() {
            private int current;

            @Override
            public boolean hasNext() {
                while (current < all.size() && !all.get(current).hasNext()) {
                    current++;
                }
                return current < all.size();
            }

            @Override
            public ApiJson.Body next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return all.get(current).next();
            }
        };
    }
}
