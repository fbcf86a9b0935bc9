package dev.scrapbook.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.scrapbook.web.ApiProblem;

/** How q is read: words and site: terms apart, hosts checked, limits; what reaches PostgreSQL. */
class SearchTermsTest {

    @Test
    void separatesWordsFromSites() {
        SearchTerms terms = SearchTerms.parse("  Red  SITE:Example.ORG. kite ");
        assertThat(terms.words()).isEqualTo("Red kite");
        assertThat(terms.sites()).containsExactly("example.org");
        assertThat(terms.condition("search", "ABC"))
                .isEqualTo("search @@ (scrapbook_word_query(:searchWords, 'ABC') && cast(:searchSites as tsquery))");
        assertThat(terms.parameters()).isEqualTo(Map.of("searchWords", "Red kite", "searchSites", "'site:example.org'"));
    }

    @Test
    void turnsInternationalHostsIntoTheirAsciiForm() {
        assertThat(SearchTerms.parse("site:bücher.example site:a.org").sites()).containsExactly("xn--bcher-kva.example", "a.org");
        assertThat(SearchTerms.parse("site:bücher.example site:a.org").parameters().get("searchSites"))
                .isEqualTo("'site:xn--bcher-kva.example' & 'site:a.org'");
    }

    @Test
    void aQueryOfPunctuationAsksForNothing() {
        assertThat(SearchTerms.parse("").isEmpty()).isTrue();
        assertThat(SearchTerms.parse(null).isEmpty()).isTrue();
        assertThat(SearchTerms.parse(" -- \"\" ").isEmpty()).isTrue();
        assertThat(SearchTerms.parse("\"\" site:a.org").words()).isNull();
        assertThat(SearchTerms.parse("日本").words()).isEqualTo("日本");
    }

    @Test
    void refusesWhatItCannotMean() {
        for (String q : List.of("x".repeat(SearchTerms.MAX_LENGTH + 1), "a\u0000b", "site:", "site:exa'mple.org",
                "site:a/b", "site:http://a.org", "site:a..org", "one two three four five six seven eight nine ten "
                        + "eleven twelve thirteen fourteen fifteen sixteen seventeen",
                "site:a.org site:b.org site:c.org site:d.org site:e.org")) {
            assertThatThrownBy(() -> SearchTerms.parse(q)).as(q).isInstanceOf(ApiProblem.class)
                    .extracting(e -> ((ApiProblem) e).status().value()).isEqualTo(400);
        }
    }

    @Test
    void weightsAreOnlyTheLettersOfTheSchema() {
        assertThatThrownBy(() -> SearchTerms.parse("a").condition("search", "AB') or true --"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
