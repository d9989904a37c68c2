import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { importRowsFromArray, importRowsFromCsv } from '../../domain/vacancy-import.js';
import type { ServiceDeps } from '../../services/deps.js';
import {
  IMPORT_MAX_ROWS,
  IMPORT_OUTCOMES,
  importVacancies,
} from '../../services/vacancies/import-vacancies.js';
import { actorOf } from '../auth.js';
import { errorBodySchema } from '../errors.js';

/** Room for the largest import (5,000 vacancies with long adverts) as CSV text in JSON. */
const IMPORT_BODY_LIMIT = 16 * 1024 * 1024;

const count = z.number().int().min(0);

export const importResultSchema = z
  .object({
    dryRun: z.boolean().describe('true: nothing was written; the outcomes say what an import would do'),
    counts: z.object({ created: count, updated: count, unchanged: count, refused: count }),
    rows: z
      .array(
        z.object({
          row: z
            .number()
            .int()
            .describe(
              "The row as a spreadsheet numbers it (the header is row 1); for `rows`, the item's position from 1",
            ),
          reference: z.string().nullable(),
          outcome: z.enum(IMPORT_OUTCOMES),
          vacancyId: z.uuid().nullable().describe('The vacancy created, updated or found unchanged'),
          issues: z
            .array(
              z.object({ path: z.string().describe('The column, e.g. salary.min'), message: z.string() }),
            )
            .describe("Why the row was refused, each on its column, in the API's words"),
        }),
      )
      .describe('Every row of the file, in its order'),
  })
  .meta({ id: 'VacancyImport' });

const importBodySchema = z
  .object({
    csv: z
      .string()
      .optional()
      .describe('The CSV file as text: a header row, then a vacancy per row (columns in docs/import.md)'),
    rows: z
      .array(z.unknown())
      .max(IMPORT_MAX_ROWS)
      .optional()
      .describe(
        'Instead of `csv`: the vacancies as objects in the shape of POST /vacancies, each with its reference',
      ),
    dryRun: z.boolean().default(false).describe('true: say what would happen, write nothing'),
  })
  .strict();

export async function vacancyImportRoutes(app: FastifyInstance, deps: ServiceDeps) {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/vacancies/import',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      // NUL characters are refused per row, on their column, rather than for the whole file.
      config: { checksUnstorableBody: true },
      schema: {
        tags: ['Vacancies'],
        operationId: 'importVacancies',
        summary: 'Import vacancies from a CSV file or a list',
        description:
          `Creates or updates vacancies by \`reference\`, up to ${IMPORT_MAX_ROWS} at a time; send the CSV text as \`csv\` or the vacancies as \`rows\`. ` +
          "Each row is checked as POST /vacancies checks a vacancy, with the same messages; a refused row writes nothing and the others go on (each row's outcome is in `rows`). " +
          'A row that equals its vacancy is `unchanged`, so importing the same file twice changes nothing. An empty cell clears an optional field. A closed vacancy is not changed. ' +
          'With `dryRun`, nothing is written: the answer is the preview of what an import would do. A file that cannot be read at all (an unknown column, an unclosed quote) is refused whole with 422.',
        body: importBodySchema,
        response: {
          200: importResultSchema,
          401: errorBodySchema,
          413: errorBodySchema,
          422: errorBodySchema,
        },
      },
    },
    async (request) => {
      const { csv, rows, dryRun } = request.body;
      if ((csv === undefined) === (rows === undefined))
        throw new AppError('validation_failed', 'Send the file as `csv` or as `rows`.', {
          issues: [{ path: 'csv', message: 'Send either the CSV text or the rows, one of the two' }],
        });
      const parsed = csv === undefined ? importRowsFromArray(rows ?? []) : importRowsFromCsv(csv);
      return importVacancies(deps, actorOf(request), parsed, { dryRun });
    },
  );
}
