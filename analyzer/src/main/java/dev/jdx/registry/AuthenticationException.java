package dev.jdx.registry;

/** The registry (or its token service) refused the credentials, or demanded some that jdx does not have. */
public class AuthenticationException extends RegistryException {
    public AuthenticationException(ErrorCode code, int status, String message) {
        super(code, status, message);
    }
}
