package dev.scrapbook.save.importing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EntryPathsTest {

    @Test
    void refusesNamesThatLeaveTheArchiveOrAreAbsolute() {
        for (String name : new String[] {"../x.jpg", "a/../../x.jpg", "a\\..\\x.jpg", "/etc/passwd", "\\\\server\\share\\x.jpg",
                "C:\\x.jpg", "c:/x.jpg", "a/b\u0000.jpg", "line\nbreak.jpg"}) {
            assertThat(EntryPaths.refusal(name)).as(name).isPresent();
        }
    }

    @Test
    void acceptsPlainRelativeNamesAndDotsInsideThem() {
        for (String name : new String[] {"x.jpg", "images/IMG_1 (2).jpg", "a/b/c.png", "..hidden.jpg", "a..b/c.gif", "scrapbook.json"}) {
            assertThat(EntryPaths.refusal(name)).as(name).isEmpty();
        }
    }

    @Test
    void theBaseNameIsTheLastSegmentWhateverTheSeparator() {
        assertThat(EntryPaths.baseName("holiday/beach.jpg")).isEqualTo("beach.jpg");
        assertThat(EntryPaths.baseName("holiday\\beach.jpg")).isEqualTo("beach.jpg");
        assertThat(EntryPaths.baseName("beach.jpg")).isEqualTo("beach.jpg");
    }
}
