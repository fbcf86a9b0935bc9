package dev.scrapbook.share.friends;

import java.util.UUID;

import org.springframework.http.HttpStatus;
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

/** {@code /api/friends}: requests by username, accepting, declining, and ending a friendship. */
@RestController
@RequestMapping("/api/friends")
class FriendsController {

    private final Friends friends;

    FriendsController(Friends friends) {
        this.friends = friends;
    }

    record RequestBodyJson(String username) {
    }

    @GetMapping
    Friends.Overview overview(Caller caller) {
        return friends.overview(caller.userId());
    }

    /** 202 whatever the name: whether such a user exists is not the sender's to learn here. */
    @PostMapping("/requests")
    ResponseEntity<Void> request(Caller caller, @RequestBody RequestBodyJson body) {
        friends.request(caller.userId(), body.username() == null ? null : body.username().trim());
        return ResponseEntity.status(HttpStatus.ACCEPTED).build();
    }

    @PostMapping("/requests/{id}/accept")
    Friends.Friend accept(Caller caller, @PathVariable String id) {
        return friends.accept(caller.userId(), parse(id, "friend request"));
    }

    @DeleteMapping("/requests/{id}")
    ResponseEntity<Void> dismiss(Caller caller, @PathVariable String id) {
        friends.dismiss(caller.userId(), parse(id, "friend request"));
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/{userId}")
    ResponseEntity<Void> remove(Caller caller, @PathVariable String userId) {
        friends.remove(caller.userId(), parse(userId, "friend"));
        return ResponseEntity.noContent().build();
    }

    private static UUID parse(String id, String what) {
        return Ids.parse(id).orElseThrow(() -> ApiProblem.notFound(what));
    }
}
