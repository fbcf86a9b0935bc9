package dev.scrapbook.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * An authorization matrix written as a table, one line per call and state: {@code call  state  answer per actor},
 * columns two or more spaces apart, {@code #} lines ignored. The first actor is the owner and is asked last in
 * each row, so that a change only the owner may make can't alter the others' answers in the same row.
 */
final class MatrixTable {

    private MatrixTable() {
    }

    /** Asks every actor every call of {@code state}'s lines and asserts every cell, listing all that differ. */
    static <W> void assertEveryCell(String table, String state, List<String> actors, Map<String, ApiClient> clients,
            Map<String, BiFunction<W, ApiClient, String>> calls, W world) {
        List<String> wrong = new ArrayList<>();
        int cells = 0;
        for (String line : table.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList()) {
            String[] columns = line.trim().split("\\s{2,}");
            if (!columns[1].equals(state)) {
                continue;
            }
            BiFunction<W, ApiClient, String> call = calls.get(columns[0]);
            assertThat(call).as("a call named " + columns[0]).isNotNull();
            String[] expected = Arrays.copyOfRange(columns, 2, columns.length);
            assertThat(expected).as(line).hasSize(actors.size());
            for (int n = 1; n <= actors.size(); n++) {
                int i = n % actors.size();
                String actual = call.apply(world, clients.get(actors.get(i)));
                cells++;
                if (!actual.equals(expected[i])) {
                    wrong.add("%s as %s in state %s: expected %s, got %s".formatted(columns[0], actors.get(i), state,
                            expected[i], actual));
                }
            }
        }
        assertThat(cells).as("every call asked of every actor").isEqualTo(calls.size() * actors.size());
        assertThat(wrong).isEmpty();
    }
}
