package dev.scrapbook.boards;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.scrapbook.boards.Board.Person;
import dev.scrapbook.boards.Board.Role;
import dev.scrapbook.images.Image;
import dev.scrapbook.images.ImageRepository;

/**
 * Reading boards: the gallery's board API and the share function's public board links both show them.
 * A board is visible to its owner and its members only; to anyone else it is absent, like another's image.
 */
@Repository
public class BoardRepository {

    /** The board as {@code :viewer} sees it; the effective cover is the chosen one or the first in board order. */
    private static final String BOARD = """
            select b.id, b.owner_id, u.username as owner_name, b.name, b.description, b.cover_image_id,
                   b.created_at, b.updated_at,
                   case when b.owner_id = cast(:viewer as uuid) then 'owner' else m.role end as role,
                   (select count(*) from board_images c where c.board_id = b.id) as image_count,
                   coalesce(b.cover_image_id, (select f.image_id from board_images f where f.board_id = b.id
                                               order by f.position limit 1)) as cover_id
            from boards b join users u on u.id = b.owner_id
            left join board_members m on m.board_id = b.id and m.user_id = cast(:viewer as uuid)
            """;

    private static final String VISIBLE = " (b.owner_id = :viewer or m.user_id is not null)";

    private final JdbcClient db;
    private final ImageRepository images;

    public BoardRepository(JdbcClient db, ImageRepository images) {
        this.db = db;
        this.images = images;
    }

    /** One page of a board's images in board order, and the cursor of the next page (null at the end). */
    public record Page(List<BoardImage> items, String nextCursor) {
    }

    /** The board if {@code viewer} owns it or is a member; empty otherwise, whether or not it exists. */
    public Optional<Board> find(UUID boardId, UUID viewer) {
        return withCovers(db.sql(BOARD + " where b.id = :id and" + VISIBLE)
                .param("id", boardId).param("viewer", viewer).query(BoardRepository::row).list())
                .stream().findFirst();
    }

    /** The board whoever asks, without a role: for a public link, which grants sight of the board itself. */
    public Optional<Board> findForLink(UUID boardId) {
        return withCovers(db.sql(BOARD + " where b.id = :id")
                .param("id", boardId).param("viewer", null).query(BoardRepository::row).list())
                .stream().findFirst();
    }

    /**
     * The viewer's own boards and those shared with them, most recently changed first; with {@code imageId},
     * only those that image is on.
     */
    public List<Board> visibleTo(UUID viewer, UUID imageId) {
        return withCovers(db.sql(BOARD + " where" + VISIBLE + """
                         and (cast(:image as uuid) is null
                              or exists (select 1 from board_images x where x.board_id = b.id and x.image_id = :image))
                        order by b.updated_at desc, b.id""")
                .param("viewer", viewer).param("image", imageId).query(BoardRepository::row).list());
    }

    /** One page in board order; one extra row tells whether a next page exists without a count query. */
    public Page images(UUID boardId, BoardCursor page) {
        List<Entry> rows = db.sql(ENTRIES + " where bi.board_id = :board and bi.position > :after order by bi.position limit :limit")
                .param("board", boardId).param("after", page.afterPosition() == null ? Long.MIN_VALUE : page.afterPosition())
                .param("limit", page.limit() + 1).query(BoardRepository::entry).list();
        boolean more = rows.size() > page.limit();
        List<Entry> shown = more ? rows.subList(0, page.limit()) : rows;
        return new Page(withImages(shown), more ? BoardCursor.after(shown.getLast().position()) : null);
    }

    /** The image if it is on the board. */
    public Optional<BoardImage> image(UUID boardId, UUID imageId) {
        return withImages(db.sql(ENTRIES + " where bi.board_id = :board and bi.image_id = :image")
                .param("board", boardId).param("image", imageId).query(BoardRepository::entry).list())
                .stream().findFirst();
    }

    private record Row(Board board, UUID coverId) {
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        String role = rs.getString("role");
        return new Row(new Board(rs.getObject("id", UUID.class),
                new Person(rs.getObject("owner_id", UUID.class), rs.getString("owner_name")),
                rs.getString("name"), rs.getString("description"), role == null ? null : Role.valueOf(role),
                rs.getInt("image_count"), rs.getObject("cover_image_id", UUID.class), null,
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant()),
                rs.getObject("cover_id", UUID.class));
    }

    private List<Board> withCovers(List<Row> rows) {
        Map<UUID, Image> covers = byId(rows.stream().map(Row::coverId).filter(Objects::nonNull).toList());
        return rows.stream().map(r -> {
            Board b = r.board();
            return new Board(b.id(), b.owner(), b.name(), b.description(), b.role(), b.imageCount(), b.chosenCoverId(),
                    r.coverId() == null ? null : covers.get(r.coverId()), b.createdAt(), b.updatedAt());
        }).toList();
    }

    private record Entry(UUID imageId, Person addedBy, Instant addedAt, long position) {
    }

    private static final String ENTRIES = """
            select bi.image_id, bi.position, bi.added_at, u.id as owner_id, u.username
            from board_images bi join images i on i.id = bi.image_id join users u on u.id = i.owner_id""";

    private static Entry entry(ResultSet rs, int n) throws SQLException {
        return new Entry(rs.getObject("image_id", UUID.class),
                new Person(rs.getObject("owner_id", UUID.class), rs.getString("username")),
                rs.getTimestamp("added_at").toInstant(), rs.getLong("position"));
    }

    private List<BoardImage> withImages(List<Entry> entries) {
        Map<UUID, Image> byId = byId(entries.stream().map(Entry::imageId).toList());
        // An image deleted between the two reads simply drops out of the page.
        return entries.stream().filter(e -> byId.containsKey(e.imageId()))
                .map(e -> new BoardImage(byId.get(e.imageId()), e.addedBy(), e.addedAt(), e.position())).toList();
    }

    private Map<UUID, Image> byId(List<UUID> ids) {
        return images.findAll(ids).stream().collect(Collectors.toMap(Image::id, Function.identity()));
    }
}
