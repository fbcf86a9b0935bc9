package dev.scrapbook.images;

/**
 * A change of an image's title and note ({@code PATCH /api/images/{id}}): a field not set stays as it is; a set
 * one takes the value given, null clearing it.
 */
public record TextChange(boolean setsTitle, String title, boolean setsNote, String note) {
}
