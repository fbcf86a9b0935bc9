package dev.scrapbook.images;

import java.net.IDN;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.scrapbook.web.ApiProblem;

/**
 * The {@code q} of a search: plain words, each of which must begin a word of the image (its title, its page's
 * title, its alt text, the hosts it came from, the owner's note, the names of its boards), in any order, case and
 * punctuation ignored;
 * and {@code site:example.org} terms, each of which the page's or the image's host must be, or lie under.
 * Every term must match. No other operators: quotes, minus signs and the like are punctuation.
 *
 * <p>The words go to PostgreSQL as they are and are cut there by the same function that cut the images' words
 * ({@code scrapbook_words}, migration V9); a host is checked here, so the query text holds nothing but
 * letters, digits, dots and hyphens.
 */
public record SearchTerms(String words, List<String> sites) {

    /** Weights (migration V9) an owner searches in: the picture's words (A), its hosts (B), the note (C), its boards (D). */
    public static final String OWNER_WEIGHTS = "ABCD";
    /** Weights a friend searches shared images in: not the owner's note, nor the names of the owner's boards. */
    public static final String SHARED_WEIGHTS = "AB";
    public static final int MAX_LENGTH = 200;
    public static final int MAX_WORDS = 16;
    public static final int MAX_SITES = 4;
    private static final SearchTerms NONE = new SearchTerms(null, List.of());
    private static final Pattern HOST = Pattern.compile("[a-z0-9_-]+(\\.[a-z0-9_-]+)*");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

    /** Parses {@code q}; null or blank is no terms at all. Bad input is a 400. */
    public static SearchTerms parse(String q) {
        if (q == null || q.isBlank()) {
            return NONE;
        }
        if (q.length() > MAX_LENGTH) {
            throw ApiProblem.badRequest("q is longer than " + MAX_LENGTH + " characters");
        }
        if (q.indexOf('\u0000') >= 0) {
            throw ApiProblem.badRequest("q must not contain a NUL character");
        }
        StringBuilder words = new StringBuilder();
        List<String> sites = new ArrayList<>();
        for (String term : q.strip().split("\\s+")) {
            if (term.regionMatches(true, 0, "site:", 0, 5)) {
                sites.add(host(term.substring(5)));
            } else {
                words.append(words.isEmpty() ? "" : " ").append(term);
            }
        }
        long wordCount = WORD.matcher(words).results().count();
        if (wordCount > MAX_WORDS) {
            throw ApiProblem.badRequest("q has more than " + MAX_WORDS + " words");
        }
        if (sites.size() > MAX_SITES) {
            throw ApiProblem.badRequest("q has more than " + MAX_SITES + " site: terms");
        }
        // Punctuation alone is no word: such a q asks for nothing, rather than for nothing to be found.
        return new SearchTerms(wordCount == 0 ? null : words.toString(), List.copyOf(sites));
    }

    public boolean isEmpty() {
        return words == null && sites.isEmpty();
    }

    /**
     * The SQL condition on a search column ({@code images.search} or an alias of it) and its named parameters:
     * the words as prefixes in fields of the given weights ({@code ABCD}: all of the owner's; {@code AB}: what a
     * friend may search by), the sites exactly.
     */
    public String condition(String column, String weights) {
        String wordQuery = "scrapbook_word_query(:searchWords, '" + checkedWeights(weights) + "')";
        String siteQuery = "cast(:searchSites as tsquery)";
        if (words != null && !sites.isEmpty()) {
            return column + " @@ (" + wordQuery + " && " + siteQuery + ")";
        }
        return column + " @@ " + (words != null ? wordQuery : siteQuery);
    }

    /**
     * Makes the next statement of this transaction planned for its own words. The best plan depends on them (a rare
     * word: the GIN index; a common one: the newest-first walk, stopping at a page), and the generic plan PostgreSQL
     * settles on for a prepared statement after five executions can't know them: bench/search measured that generic
     * plan at 1.7 s for a word in 15 % of 100,000 images, against 0.3 ms planned for the word. Call it inside the
     * search's transaction ({@code set local} ends with it).
     */
    public static void planForTheseTerms(JdbcClient db) {
        db.sql("set local plan_cache_mode = force_custom_plan").update();
    }

    /** The parameters {@link #condition} names. */
    public Map<String, Object> parameters() {
        String siteQuery = String.join(" & ", sites.stream().map(site -> "'site:" + site + "'").toList());
        return words == null ? Map.of("searchSites", siteQuery)
                : sites.isEmpty() ? Map.of("searchWords", words)
                : Map.of("searchWords", words, "searchSites", siteQuery);
    }

    private static String host(String text) {
        String host;
        try {
            host = IDN.toASCII(text.endsWith(".") ? text.substring(0, text.length() - 1) : text).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("site: needs a host name, such as site:example.org");
        }
        if (host.length() > 253 || !HOST.matcher(host).matches()) {
            throw ApiProblem.badRequest("site: needs a host name, such as site:example.org");
        }
        return host;
    }

    private static String checkedWeights(String weights) {
        if (!weights.matches("[ABCD]{1,4}")) {
            throw new IllegalArgumentException("weights are letters A to D: " + weights);
        }
        return weights;
    }
}
