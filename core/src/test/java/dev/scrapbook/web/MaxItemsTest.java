package dev.scrapbook.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.ObjectMapper;

/** A list limit is checked while the array is read: reading stops at the first item past it. */
class MaxItemsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Urls(@MaxItems(3) List<String> urls) {
    }

    record Ids(@MaxItems(2) List<UUID> ids) {
    }

    @Test
    void readsUpToTheLimitWithTheElementTypesOwnReader() throws Exception {
        assertThat(JSON.readValue("{\"urls\":[\"a\",null,\"c\"]}", Urls.class).urls()).containsExactly("a", null, "c");
        assertThat(JSON.readValue("{\"urls\":[]}", Urls.class).urls()).isEmpty();
        assertThat(JSON.readValue("{}", Urls.class).urls()).isNull();
        UUID id = UUID.randomUUID();
        assertThat(JSON.readValue("{\"ids\":[\"" + id + "\"]}", Ids.class).ids()).containsExactly(id);
    }

    @Test
    void refusesWhatIsNotAnArrayOfTheElementType() {
        assertThatThrownBy(() -> JSON.readValue("{\"urls\":\"a\"}", Urls.class)).isInstanceOf(java.io.IOException.class);
        assertThatThrownBy(() -> JSON.readValue("{\"ids\":[\"not a uuid\"]}", Ids.class)).isInstanceOf(java.io.IOException.class);
        assertThatThrownBy(() -> JSON.readValue("{\"urls\":[\"a\"", Urls.class)).isInstanceOf(java.io.IOException.class);
    }

    /**
     * After three items the body goes on forever. A reader that built the list before checking its size would
     * never return (the timeout fails the test only on that hang); this one stops within a buffer of the fourth.
     */
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void stopsReadingAtTheFirstItemPastTheLimit() {
        EndlessArray body = new EndlessArray("{\"urls\":[\"a\",\"b\",\"c\"", ",\"more\"");

        assertThatThrownBy(() -> JSON.readValue(body, Urls.class))
                .rootCause().asInstanceOf(InstanceOfAssertFactories.type(ApiProblem.class))
                .satisfies(problem -> {
                    assertThat(problem.status().value()).isEqualTo(400);
                    assertThat(problem.getMessage()).isEqualTo("at most 3 urls per request");
                });
        assertThat(body.bytesRead).as("no more than Jackson's read buffer past the limit").isLessThan(64 * 1024);
    }

    /** {@code start}, then {@code item} over and over, never a closing bracket. */
    private static final class EndlessArray extends InputStream {

        private final byte[] start;
        private final byte[] item;
        long bytesRead;

        EndlessArray(String start, String item) {
            this.start = start.getBytes(StandardCharsets.US_ASCII);
            this.item = item.getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public int read() {
            long at = bytesRead++;
            return at < start.length ? start[(int) at] : item[(int) ((at - start.length) % item.length)];
        }
    }
}
