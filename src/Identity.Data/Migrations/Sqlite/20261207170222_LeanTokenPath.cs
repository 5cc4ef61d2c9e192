using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Identity.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LeanTokenPath : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AccessTokenRevocations",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    RevokedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccessTokenRevocations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ChangeStamps",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Stamp = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChangeStamps", x => x.Name);
                });

            migrationBuilder.InsertData(
                table: "ChangeStamps",
                columns: new[] { "Name", "Stamp" },
                values: new object[] { "applications", "00000000-0000-0000-0000-000000000000" });

            migrationBuilder.CreateIndex(
                name: "IX_AccessTokenRevocations_ExpiresAt",
                table: "AccessTokenRevocations",
                column: "ExpiresAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AccessTokenRevocations");

            migrationBuilder.DropTable(
                name: "ChangeStamps");
        }
    }
}
