package dev.scrapbook.gallery.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

class ArchiveNamesTest {

    private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-000000000001");

    @Test
    void namesAnImageByItsTitleElseItsUrlElseItsIdWithItsFormatsExtension() {
        ArchiveNames names = new ArchiveNames();
        assertThat(names.next(ID, "IMG_2041.jpg", null, "jpeg")).isEqualTo("IMG_2041.jpg");
        assertThat(names.next(ID, "Sunset over the bay", null, "png")).isEqualTo("Sunset over the bay.png");
        assertThat(names.next(ID, null, "https://example.org/a/cat.webp?size=large#x", "webp")).isEqualTo("cat.webp");
        assertThat(names.next(ID, null, "https://example.org/", "gif")).isEqualTo(ID + ".gif");
        assertThat(names.next(ID, "photo.jpeg", null, "jpeg")).isEqualTo("photo.jpg");
    }

    @Test
    void keepsNamesUniqueWithoutRegardToCase() {
        ArchiveNames names = new ArchiveNames();
        assertThat(names.next(ID, "a.jpg", null, "jpeg")).isEqualTo("a.jpg");
        assertThat(names.next(ID, "A.JPG", null, "jpeg")).isEqualTo("A (2).jpg");
        assertThat(names.next(ID, "a.jpg", null, "jpeg")).isEqualTo("a (3).jpg");
    }

    @Test
    void makesAnyTitleSafeForAFileSystem() {
        assertThat(ArchiveNames.safe("../../etc/passwd")).isEqualTo("passwd");
        assertThat(ArchiveNames.safe("C:\\Users\\x\\a:b*c?.jpg")).isEqualTo("a_b_c_.jpg");
        assertThat(ArchiveNames.safe(" .hidden. ")).isEqualTo("hidden");
        assertThat(ArchiveNames.safe("tab\there")).isEqualTo("tab_here");
        assertThat(ArchiveNames.safe("x".repeat(300))).hasSize(100);
    }
}
