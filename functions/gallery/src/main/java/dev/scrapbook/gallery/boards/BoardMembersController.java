package dev.scrapbook.gallery.boards;

import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.scrapbook.auth.Caller;
import dev.scrapbook.web.ApiProblem;
import dev.scrapbook.web.Ids;

/** {@code /api/boards/{id}/members}: who a board is shared with, and as what. */
@RestController
@RequestMapping("/api/boards/{id}/members")
class BoardMembersController {

    private final BoardMembers members;

    BoardMembersController(BoardMembers members) {
        this.members = members;
    }

    record NewMember(UUID userId, String role) {
    }

    @GetMapping
    BoardMembers.Members list(Caller caller, @PathVariable String id) {
        return members.list(caller.userId(), BoardsController.board(id));
    }

    /** Adds a friend as viewer or contributor, or changes the role of a member. */
    @PostMapping
    BoardMembers.Members put(Caller caller, @PathVariable String id, @RequestBody NewMember body) {
        return members.put(caller.userId(), BoardsController.board(id), body.userId(), body.role());
    }

    /** The owner removes a member; a member removes themselves to leave the board. */
    @DeleteMapping("/{userId}")
    ResponseEntity<Void> remove(Caller caller, @PathVariable String id, @PathVariable String userId) {
        UUID member = Ids.parse(userId).orElseThrow(() -> ApiProblem.notFound("member"));
        members.remove(caller.userId(), BoardsController.board(id), member);
        return ResponseEntity.noContent().build();
    }
}
