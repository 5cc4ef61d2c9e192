using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Identity.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class CustomPhrases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CustomPhrases",
                columns: table => new
                {
                    LanguageTag = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false),
                    Translation = table.Column<string>(type: "text", nullable: false),
                    UpdatedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CustomPhrases", x => x.LanguageTag);
                });

            migrationBuilder.InsertData(
                table: "ChangeStamps",
                columns: new[] { "Name", "Stamp" },
                values: new object[] { "customPhrases", "00000000-0000-0000-0000-000000000000" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CustomPhrases");

            migrationBuilder.DeleteData(
                table: "ChangeStamps",
                keyColumn: "Name",
                keyValue: "customPhrases");
        }
    }
}
