package dev.scrapbook.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.scrapbook.testing.LargeGallery;
import dev.scrapbook.testing.StatementRecorder;
import dev.scrapbook.testing.StatementRecorder.Statement;

/**
 * Every kind of search bench/search measures reads an index, never the whole images table, on a gallery of 20,000
 * images: the statement ImageRepository sends is explained with its own values (a search is always planned for
 * its values: {@link SearchTerms#planForTheseTerms}), for the first page and for the page after it. The figures
 * and plans at 100,000 images are bench/search's; this keeps a change of the queries or indexes from losing them.
 */
class SearchPlanTest {

    private static final int PAGE = 31;

    private static LargeGallery gallery;
    private static StatementRecorder recorder;
    private static ImageRepository images;

    @BeforeAll
    static void gallery() {
        gallery = LargeGallery.get();
        recorder = new StatementRecorder(gallery.dataSource());
        images = new ImageRepository(JdbcClient.create(recorder.dataSource()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            the plain gallery                             | -                               | -    | -
            a rare word (20 images)                       | rareword                        | -    | -
            a word in 2 %                                 | mediumword                      | -    | -
            a word in 10 %                                | commonword                      | -    | -
            a word in 40 %                                | topword                         | -    | -
            two words (2 % and 10 %)                      | mediumword commonword           | -    | -
            two letters (a prefix of most words)          | ka                              | -    | -
            a word in no image                            | qzx                             | -    | -
            site: of a site of 5 %                        | site:big.example.org            | -    | -
            site: of a site of 20 images                  | site:small.example.org          | -    | -
            a word in 10 % and site: of 5 %               | commonword site:big.example.org | -    | -
            format=gif (3 %)                              | -                               | gif  | -
            two days (savedAfter, savedBefore)            | -                               | -    | two days
            a word in 2 %, jpeg, two days                 | mediumword                      | jpeg | two days
            """)
    void searchReadsAnIndex(String kind, String q, String format, String window) throws SQLException {
        Instant now = Instant.now();
        ImageFilter filter = new ImageFilter(SearchTerms.parse(q), null, format,
                window == null ? null : now.minus(Duration.ofDays(6)), window == null ? null : now.minus(Duration.ofDays(4)));
        recorder.take();

        List<Image> first = list(filter, null);
        if (!first.isEmpty()) {
            list(filter, PageCursor.after(first.getLast()));
        }

        assertThat(first).as("images found").hasSizeBetween(q != null && q.equals("qzx") ? 0 : 1, q != null && q.equals("qzx") ? 0 : PAGE);
        List<Statement> searches = recorder.take().stream().filter(s -> s.sql().contains("from images")).toList();
        assertThat(searches).hasSize(first.isEmpty() ? 1 : 2);
        for (Statement search : searches) {
            assertThat(StatementRecorder.sequentialScans(recorder.plan(search), "images")).as(search.sql()).isEmpty();
        }
    }

    /** As ListImagesFunction asks: the plain gallery's page when nothing is filtered, a search otherwise. */
    private static List<Image> list(ImageFilter filter, PageCursor after) {
        return filter.isEmpty() ? images.page(gallery.owner(), after, PAGE) : images.search(gallery.owner(), filter, after, PAGE);
    }
}
