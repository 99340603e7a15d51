/**
 * The exceptions services throw for what a caller caused; the HTTP edge maps each to one status and a problem
 * document. Their messages are safe to show to the caller.
 */
package io.hallmark.server.errors;
