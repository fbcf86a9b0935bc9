package dev.scrapbook.gallery.account;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.scrapbook.accounts.AccountDeletions;
import dev.scrapbook.auth.Caller;
import dev.scrapbook.gallery.account.Accounts.Account;
import dev.scrapbook.gallery.account.Accounts.LoggedIn;
import dev.scrapbook.gallery.account.ApiTokenStore.Created;
import dev.scrapbook.gallery.account.ApiTokenStore.Listed;
import dev.scrapbook.gallery.account.PasswordChange.Changed;
import dev.scrapbook.storage.StorageUnavailableException;
import dev.scrapbook.web.ApiProblem;
import dev.scrapbook.web.Ids;

/** {@code /api/account}: sign-up, log-in, log-out, personal API tokens, the password, deleting the account. */
@RestController
@RequestMapping("/api/account")
class AccountController {

    private static final Logger log = LoggerFactory.getLogger(AccountController.class);

    private final Accounts accounts;
    private final ApiTokenStore tokens;
    private final PasswordChange passwordChange;
    private final PasswordCheck passwordCheck;
    private final AccountDeletions deletions;

    AccountController(Accounts accounts, ApiTokenStore tokens, PasswordChange passwordChange, PasswordCheck passwordCheck,
            AccountDeletions deletions) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.passwordChange = passwordChange;
        this.passwordCheck = passwordCheck;
        this.deletions = deletions;
    }

    record NewPassword(String current, @JsonProperty("new") String next, Boolean revokeTokens) {
    }

    record Password(String password) {
    }

    record Credentials(String username, String password) {
    }

    record TokenRequest(String name) {
    }

    @PostMapping("/signup")
    ResponseEntity<Account> signUp(@RequestBody Credentials body, HttpServletRequest request) {
        Account account = accounts.signUp(body.username(), body.password(), request.getRemoteAddr());
        return ResponseEntity.created(URI.create("/api/account/me")).body(account);
    }

    @PostMapping("/login")
    LoggedIn logIn(@RequestBody Credentials body, HttpServletRequest request) {
        return accounts.logIn(body.username(), body.password(), request.getRemoteAddr());
    }

    @ExceptionHandler(TooManyAttempts.class)
    ResponseEntity<ProblemDetail> throttled(TooManyAttempts throttled) {
        return ResponseEntity.status(throttled.status())
                .header(HttpHeaders.RETRY_AFTER, Long.toString(throttled.retryAfterSeconds()))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(throttled.toProblemDetail());
    }

    @PostMapping("/logout")
    ResponseEntity<Void> logOut(Caller caller) {
        accounts.logOut(caller);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/password")
    Changed changePassword(Caller caller, @RequestBody NewPassword body, HttpServletRequest request) {
        return passwordChange.change(caller, body.current(), body.next(), Boolean.TRUE.equals(body.revokeTokens()),
                request.getRemoteAddr());
    }

    /**
     * 204 once everything is gone. The deletion is recorded before anything is deleted (see AccountDeletions), so
     * when S3 or the database fails midway the account is already closed and the reconcile pass finishes the job:
     * that is a 202, not an error the client should retry (its session no longer works).
     */
    @DeleteMapping
    ResponseEntity<Void> deleteAccount(Caller caller, @RequestBody Password body, HttpServletRequest request) {
        PasswordCheck.requireSession(caller, "deleting the account");
        if (body.password() == null) {
            throw ApiProblem.badRequest("password: your password is required to delete the account");
        }
        passwordCheck.confirm(caller.userId(), body.password(), request.getRemoteAddr());
        deletions.record(caller.userId());
        try {
            deletions.finish(caller.userId());
        } catch (StorageUnavailableException | DataAccessException e) {
            log.warn("account {}: deletion recorded, the reconcile pass finishes it: {}", caller.userId(), e.getMessage());
            return ResponseEntity.accepted().build();
        }
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/me")
    Account me(Caller caller) {
        return accounts.find(caller.userId());
    }

    /**
     * Only a session, a person who typed the password, makes API tokens: otherwise one leaked token (the
     * extension's) could mint more and keep access after it is revoked. The extension makes its token this way too.
     */
    @PostMapping("/tokens")
    ResponseEntity<Created> createToken(Caller caller, @RequestBody TokenRequest body) {
        if (caller.sessionId() == null) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "forbidden",
                    "API tokens are made from a signed-in session: sign in with your password to make one");
        }
        Created created = tokens.create(caller.userId(), body.name());
        return ResponseEntity.status(201).body(created);
    }

    @GetMapping("/tokens")
    Map<String, List<Listed>> listTokens(Caller caller) {
        return Map.of("items", tokens.list(caller.userId()));
    }

    @DeleteMapping("/tokens/{id}")
    ResponseEntity<Void> revokeToken(Caller caller, @PathVariable String id) {
        UUID tokenId = Ids.parse(id).orElseThrow(() -> ApiProblem.notFound("token"));
        if (!tokens.revoke(caller.userId(), tokenId)) {
            throw ApiProblem.notFound("token");
        }
        return ResponseEntity.noContent().build();
    }
}
