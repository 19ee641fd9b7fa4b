import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';
import { RunRejectedError } from '@foretell/db';

/**
 * A run configuration the data cannot hold, as the HTTP error the user acts on; `at` prefixes the field at fault
 * where the configuration sits inside the body (a schedule's `run`).
 */
export function rejectionToHttp(error: unknown, at = ''): never {
  if (!(error instanceof RunRejectedError)) throw error;
  if (error.reason === 'not-found') throw new NotFoundException(error.message);
  if (error.reason === 'not-ready') throw new ConflictException(error.message);
  const issues = error.field ? [{ path: `${at}${error.field}`, message: error.message }] : [];
  throw new BadRequestException({ message: error.message, issues });
}
