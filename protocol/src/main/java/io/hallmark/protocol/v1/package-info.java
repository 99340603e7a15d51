/**
 * Version 1 of the wire contract of the operator REST API ({@code /api/v1}): the JSON bodies the server reads and
 * writes and the CLI sends and parses. Field names are the JSON names; absent optional fields are {@code null}.
 * Unknown fields are refused by the server (a 400 problem document names the field).
 */
package io.hallmark.protocol.v1;
