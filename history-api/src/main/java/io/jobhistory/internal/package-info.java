/**
 * Internals: code shared by the application API, the recorder and the library's own backends. Not an API; anything
 * here may change in any release without notice. Applications and third-party backends use {@link io.jobhistory} and
 * {@link io.jobhistory.spi} instead.
 */
package io.jobhistory.internal;
